"""Customers and devices: the segments (purchase, spend and channel habits), the growable per-customer
and per-device state, and the BG/NBD purchase history with Gamma-Gamma spend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.sample.plants import FUNNEL_IDS, WEEK


@dataclass(frozen=True)
class Segment:
    share: float
    app_share: float  # share of online activity on the app
    store_share: float  # share of purchases made in a store
    chat_share: float  # share of service contacts by chat (rest by phone)
    r: float  # BG/NBD purchase-rate heterogeneity: lambda ~ Gamma(r, 1/alpha), per week
    alpha: float
    a: float  # dropout probability p ~ Beta(a, b)
    b: float
    spend_scale: float  # multiplies the Gamma-Gamma scale gamma
    browse_rate: float  # P(browsing visit per device per day)
    support_rate: float  # support attempts per week
    newsletter: float  # share subscribed


SEGMENTS: dict[str, Segment] = {
    "digital_native": Segment(0.35, 0.60, 0.10, 0.80, 0.9, 6.0, 0.8, 3.0, 0.8, 0.050, 0.020, 0.70),
    "family": Segment(0.30, 0.30, 0.30, 0.40, 0.8, 9.0, 0.7, 2.5, 1.0, 0.030, 0.015, 0.60),
    "senior": Segment(0.20, 0.10, 0.60, 0.10, 0.6, 14.0, 0.6, 3.5, 1.3, 0.015, 0.025, 0.40),
    "business": Segment(0.15, 0.20, 0.20, 0.30, 1.2, 6.0, 0.9, 4.0, 2.0, 0.040, 0.020, 0.50),
}
SPEND_P, SPEND_Q, SPEND_GAMMA = 6.0, 4.0, 40.0  # Gamma-Gamma: mean spend = p * gamma / (q - 1) = 80 EUR


class Grow:
    """A growable set of parallel numpy arrays (per-customer or per-device state)."""

    def __init__(self, **dtypes: type) -> None:
        self.n = 0
        self._cap = 1024
        self.cols = {k: np.zeros(self._cap, dtype=t) for k, t in dtypes.items()}

    def add(self, **values: np.ndarray) -> np.ndarray:
        k = len(next(iter(values.values())))
        while self.n + k > self._cap:
            self._cap *= 2
            for name, arr in self.cols.items():
                new = np.zeros(self._cap, dtype=arr.dtype)
                new[: self.n] = arr[: self.n]
                self.cols[name] = new
        for name, v in values.items():
            self.cols[name][self.n : self.n + k] = v
        idx = np.arange(self.n, self.n + k)
        self.n += k
        return idx

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name][: self.n]


class Population:
    """Draws customers and their devices, their purchase history and their orders (a mixin of
    pipeline.sample.generator.SampleGenerator, whose state it uses)."""

    def _draw_customers(self, n: int, created: np.ndarray) -> np.ndarray:
        rng = self.rng
        shares = np.array([s.share for s in SEGMENTS.values()])
        seg = rng.choice(len(shares), size=n, p=shares / shares.sum())
        prof = [SEGMENTS[self.seg_names[s]] for s in range(len(shares))]
        r = np.array([p.r for p in prof])[seg]
        alpha = np.array([p.alpha for p in prof])[seg]
        a = np.array([p.a for p in prof])[seg]
        b = np.array([p.b for p in prof])[seg]
        lam = rng.gamma(r, 1.0 / alpha) / WEEK  # per second
        p = rng.beta(a, b)
        nu = rng.gamma(SPEND_Q, 1.0 / (SPEND_GAMMA * np.array([x.spend_scale for x in prof])[seg]))
        has_app = rng.random(n) < np.array([x.app_share for x in prof])[seg] * 1.3
        idx = self.cust.add(
            segment=seg,
            lam=lam,
            p=p,
            nu=nu,
            alive=np.ones(n, bool),
            web_dev=np.full(n, -1),
            app_dev=np.full(n, -1),
            created=created,
            subscribed=rng.random(n) < np.array([x.newsletter for x in prof])[seg],
            german=rng.random(n) < 0.65,
            **{f"next_{f}": np.zeros(n) for f in FUNNEL_IDS},
        )
        web = self.dev.add(owner=idx, is_app=np.zeros(n, bool), identified=np.zeros(n, bool))
        self.cust.cols["web_dev"][idx] = web
        app_idx = idx[has_app]
        app = self.dev.add(
            owner=app_idx, is_app=np.ones(len(app_idx), bool), identified=np.zeros(len(app_idx), bool)
        )
        self.cust.cols["app_dev"][app_idx] = app
        return idx

    def _spend(self, cust_idx: np.ndarray) -> np.ndarray:
        return np.round(self.rng.gamma(SPEND_P, 1.0 / self.cust["nu"][cust_idx]), 2)

    def _history(self, idx: np.ndarray) -> None:
        """BG/NBD purchase history before the web window, vectorised over customers."""
        rng = self.rng
        t = self.cust["created"][idx].copy()
        cur = idx.copy()
        rows = [(cur, t.copy())]  # the first purchase happens at creation
        alive = rng.random(len(cur)) >= self.cust["p"][cur]
        while True:
            cur, t = cur[alive], t[alive]
            t = t + rng.exponential(1.0 / self.cust["lam"][cur])
            keep = t < self.t_start
            self.cust.cols["alive"][cur[~keep]] = True
            cur, t = cur[keep], t[keep]
            if len(cur) == 0:
                break
            rows.append((cur, t.copy()))
            alive = rng.random(len(cur)) >= self.cust["p"][cur]
            self.cust.cols["alive"][cur[~alive]] = False
        cust = np.concatenate([c for c, _ in rows])
        ts = np.concatenate([x for _, x in rows])
        seg_store = np.array([s.store_share for s in SEGMENTS.values()])[self.cust["segment"][cust]]
        seg_app = np.array([s.app_share for s in SEGMENTS.values()])[self.cust["segment"][cust]]
        u = rng.random(len(cust))
        channel = np.where(
            u < seg_store, "store", np.where(u < seg_store + (1 - seg_store) * seg_app, "app", "web")
        )
        self._add_orders(cust, ts, channel)

    def _add_orders(self, cust: np.ndarray, ts: np.ndarray, channel: np.ndarray) -> None:
        if len(cust):
            self.orders.append(
                pl.DataFrame({"cust": cust, "ts": ts, "channel": channel, "amount": self._spend(cust)})
            )

    def _purchase(self, cust: np.ndarray, ts: np.ndarray, channel: np.ndarray) -> np.ndarray:
        """Record orders and apply the BG/NBD dropout after each purchase; returns order numbers."""
        keep = ts < self.t_end
        cust, ts, channel = cust[keep], ts[keep], channel[keep]
        start = sum(len(o) for o in self.orders)
        self._add_orders(cust, ts, channel)
        died = self.rng.random(len(cust)) < self.cust["p"][cust]
        self.cust.cols["alive"][cust[died]] = False
        return np.arange(start, start + len(cust))
