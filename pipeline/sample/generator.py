"""Deterministic, streaming generator of the three export kinds plus the truth it planted.

The generator simulates one day at a time with numpy (vectorised over customers and devices, never a
Python loop over events), writes that day's clickstream file, and keeps only per-customer and
per-device state between days, so memory stays constant in the number of events.

What it plants, so tests can compare the warehouse against it:

* Funnel attempts with known per-step continuation probabilities (``PLANTED_FUNNELS``). A person's
  attempts at the same funnel are always further apart than the funnel's conversion window, so the
  furthest step a person reaches per calendar month (the warehouse's funnel semantics) is exactly the
  best planted attempt of that month. ``_truth/funnel_attempts.csv`` lists every attempt with the
  person key the warehouse must stitch it to.
* Repeat purchasing from a BG/NBD process per segment, spend from a Gamma-Gamma model.
* Feedback whose scores and tone follow a planted probability of a good experience per touchpoint.
* An e-mail campaign with a known conversion (``PLANTED_CAMPAIGN``): a share of the web checkout
  attempts lands on a product page whose URL carries the campaign's UTM parameters, and those attempts
  continue from the cart at the campaign's own probability (which attempts, and their steps, come from a
  random stream of its own). ``_truth/funnel_attempts.csv`` names each attempt's campaign (empty for
  none); tests/test_trends_end_to_end.py finds it in fct_funnel_steps_by_campaign.
* Optionally a planted problem (``PLANTS``, ``--plant NAME``): a named change to the step
  probabilities and the tone of feedback, so tests can check that the warehouse ranks the journey
  where the problem was planted first (tests/test_decisions.py); ``payment_calls`` instead plants
  service calls after the payment step with a known category mix (tests/test_contact_reasons_plant.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.sample import phrases

DAY = 86_400.0
WEEK = 7 * DAY

# P(step k+1 | step k) for every funnel of seeds/atlas/atlas_funnel_steps.csv.
PLANTED_FUNNELS: dict[str, list[float]] = {
    "online_checkout": [0.55, 0.70, 0.85],
    "support_resolution": [0.60, 0.40, 0.80],
    "registration": [0.30, 0.60],
    "offer_redemption": [0.35, 0.55, 0.30],
}
FUNNEL_WINDOWS = {  # seconds, as in atlas_funnels.csv
    "online_checkout": 2 * DAY,
    "support_resolution": 14 * DAY,
    "registration": 1 * DAY,
    "offer_redemption": 7 * DAY,
}
FUNNEL_IDS = list(PLANTED_FUNNELS)

# A campaign whose checkout conversion is known: web checkout attempts that land from it (share) reach
# the address step from the cart with P = cart_to_address instead of the funnel's first probability.
PLANTED_CAMPAIGN = {
    "utm_source": "newsletter",
    "utm_medium": "email",
    "utm_campaign": "autumn_sale_2026",
    "share": 0.15,
    "cart_to_address": 0.85,
}


@dataclass(frozen=True)
class Plant:
    """A planted problem: step probabilities and feedback tone that replace the defaults, or planted calls."""

    description: str
    funnel_steps: dict[str, list[float]] = field(default_factory=dict)
    good_prob: dict[str, float] = field(default_factory=dict)  # touchpoint -> P(good experience)
    # checkout payers who stop at the payment step call: P(call), then the categories' probabilities
    payment_calls: tuple[float, dict[str, float]] | None = None


PLANTS: dict[str, Plant] = {
    "broken_payment": Plant(
        "The payment step loses most payers: P(confirmation | payment) 0.85 -> 0.25, and paying customers "
        "rate the payment step worse (P(good) 0.25 -> 0.10).",
        funnel_steps={"online_checkout": [0.55, 0.70, 0.25]},
        good_prob={"checkout_payment": 0.10},
    ),
    "broken_help_article": Plant(
        "The help articles are broken: readers give up instead of reaching customer service, "
        "P(contact | article) 0.40 -> 0.10 (their problem stays unsolved).",
        funnel_steps={"support_resolution": [0.60, 0.10, 0.80]},
    ),
    "payment_calls": Plant(
        "Customers who stop at the checkout's payment step call customer service: 60 % of them open a "
        "phone case 10-60 minutes later, recorded without touchpoint, 70 % with category 'payment' and "
        "30 % 'account' (the contact-reason mix after the online checkout; _truth/planted_contacts.csv).",
        payment_calls=(0.60, {"payment": 0.70, "account": 0.30}),
    ),
}


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


@dataclass(frozen=True)
class GeneratorConfig:
    customers: int = 2000
    days: int = 90
    seed: int = 7
    end_date: date = date(2026, 10, 31)  # last day of web events (inclusive)
    anonymous_ratio: float = 1.5  # anonymous-only devices per customer
    history_days: int = 730  # CRM order history before the web window
    late_share: float = 0.01  # app events delivered in the next day's file
    plant: str = ""  # name of a planted problem in PLANTS, or "" for none
    progress: Callable[[int, int], None] | None = field(default=None, compare=False, repr=False)


class _Grow:
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


class SampleGenerator:
    """Simulates customers, devices and their journeys; see the module docstring."""

    def __init__(self, cfg: GeneratorConfig) -> None:
        self.cfg = cfg
        self.rng = np.random.default_rng(cfg.seed)
        self.campaign_rng = np.random.default_rng([cfg.seed, 2026])  # the planted campaign's own stream
        plant = PLANTS[cfg.plant] if cfg.plant else Plant("")
        self.funnel_probs = {**PLANTED_FUNNELS, **plant.funnel_steps}
        self.payment_calls = plant.payment_calls
        self.good_prob = {tp: good for tp, (_, good) in phrases.TOUCHPOINT_ASPECTS.items()} | plant.good_prob
        self.window_start = datetime.combine(
            cfg.end_date - timedelta(days=cfg.days - 1), datetime.min.time(), UTC
        )
        self.t_start = self.window_start.timestamp()
        self.t_end = self.t_start + cfg.days * DAY
        self.seg_names = list(SEGMENTS)
        self.cust = _Grow(
            segment=np.int8,
            lam=np.float64,
            p=np.float64,
            nu=np.float64,
            alive=np.bool_,
            web_dev=np.int64,
            app_dev=np.int64,
            created=np.float64,
            subscribed=np.bool_,
            german=np.bool_,
            **{f"next_{f}": np.float64 for f in FUNNEL_IDS},
        )
        self.dev = _Grow(owner=np.int64, is_app=np.bool_, identified=np.bool_)
        self.orders: list[pl.DataFrame] = []
        self.cases: list[pl.DataFrame] = []
        self.feedback: list[pl.DataFrame] = []
        self.attempts: list[pl.DataFrame] = []
        self.pending: list[pl.DataFrame] = []
        self.new_customer_created: list[np.ndarray] = []

    # ------------------------------------------------------------------ population
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

    # ------------------------------------------------------------------ events
    def _events(self, ts, dev, name, path, channel, with_customer=None, cust=None) -> pl.DataFrame:
        """One chunk of events. ``dev`` < 0 means a pseudo-device named after the customer and channel."""
        n = len(ts)
        dev = np.asarray(dev, dtype=np.int64)
        if cust is None:
            cust = np.where(dev >= 0, self.dev["owner"][np.maximum(dev, 0)], -1)
        if with_customer is None:
            with_customer = np.zeros(n, bool)
        return pl.DataFrame(
            {
                "ts": np.asarray(ts, dtype=np.float64),
                "dev": dev,
                "cust": np.asarray(cust, dtype=np.int64),
                "with_customer": np.asarray(with_customer, dtype=bool),
                "event_name": np.broadcast_to(np.asarray(name, dtype=object), (n,)).astype(str),
                "page_path": np.broadcast_to(np.asarray(path, dtype=object), (n,)).astype(str),
                "channel": np.broadcast_to(np.asarray(channel, dtype=object), (n,)).astype(str),
            }
        )

    def _pick_device(self, cust: np.ndarray) -> np.ndarray:
        seg_app = np.array([s.app_share for s in SEGMENTS.values()])[self.cust["segment"][cust]]
        app = self.cust["app_dev"][cust]
        use_app = (app >= 0) & (self.rng.random(len(cust)) < seg_app)
        return np.where(use_app, app, self.cust["web_dev"][cust])

    def _day_times(self, n: int, day0: float) -> np.ndarray:
        # activity between 06:00 and 23:00 UTC, peaking in the evening
        hours = 6 + 17 * self.rng.beta(2.2, 1.6, size=n)
        return day0 + hours * 3600

    def _levels(self, funnel: str, n: int) -> np.ndarray:
        probs = np.array(self.funnel_probs[funnel])
        cont = self.rng.random((n, len(probs))) < probs
        return 1 + np.cumprod(cont, axis=1).sum(axis=1)

    def _step_times(
        self, funnel: str, t0: np.ndarray, n_steps: int, long_share: float, long_max: float
    ) -> np.ndarray:
        n = len(t0)
        short = self.rng.uniform(20, 240, size=(n, n_steps - 1))
        long = self.rng.uniform(3600, long_max, size=(n, n_steps - 1))
        gaps = np.where(self.rng.random((n, n_steps - 1)) < long_share, long, short)
        times = np.concatenate([t0[:, None], t0[:, None] + np.cumsum(gaps, axis=1)], axis=1)
        assert (times[:, -1] - t0 < FUNNEL_WINDOWS[funnel]).all()
        return times

    def _record_attempts(
        self,
        funnel: str,
        dev: np.ndarray,
        cust: np.ndarray,
        times: np.ndarray,
        level: np.ndarray,
        campaign: np.ndarray | None = None,
    ):
        emitted = np.minimum(level, (times < self.t_end).sum(axis=1))
        self.attempts.append(
            pl.DataFrame(
                {
                    "funnel_id": funnel,
                    "dev": dev,
                    "cust": cust,
                    "entered_ts": times[:, 0],
                    "level": emitted,
                    "campaign": campaign if campaign is not None else np.full(len(dev), ""),
                }
            )
        )
        self.cust.cols[f"next_{funnel}"][cust[cust >= 0]] = (
            times[cust >= 0, 0] + FUNNEL_WINDOWS[funnel] + 3600
        )

    def _identify(self, dev: np.ndarray, ts: np.ndarray) -> None:
        ok = (dev >= 0) & (ts < self.t_end)
        self.dev.cols["identified"][dev[ok]] = True

    def _due(self, funnel: str, cust: np.ndarray, rate_per_day: np.ndarray, day0: float) -> np.ndarray:
        ready = self.cust[f"next_{funnel}"][cust] <= day0
        return cust[ready & (self.rng.random(len(cust)) < rate_per_day)]

    def _simulate_day(self, day0: float) -> list[pl.DataFrame]:
        rng = self.rng
        out: list[pl.DataFrame] = []
        existing = np.flatnonzero(self.cust["created"] <= day0)
        seg = self.cust["segment"]

        # -- browsing visits: homepage, categories, products, search (consideration)
        dev_owner = self.dev["owner"]
        devs = np.flatnonzero(
            (dev_owner == -1) | ((dev_owner >= 0) & (self.cust["created"][np.maximum(dev_owner, 0)] <= day0))
        )
        owner = self.dev["owner"][devs]
        rate = np.where(
            owner >= 0, np.array([s.browse_rate for s in SEGMENTS.values()])[seg[np.maximum(owner, 0)]], 0.02
        )
        visiting = devs[rng.random(len(devs)) < rate]
        if len(visiting):
            k = rng.integers(2, 8, size=len(visiting))
            vdev = np.repeat(visiting, k)
            t0 = np.repeat(self._day_times(len(visiting), day0), k)
            pos = np.concatenate([np.arange(x) for x in k]) if len(k) else np.array([], int)
            gaps = np.where(pos == 0, 0.0, rng.uniform(15, 120, size=len(vdev)))
            csum = np.cumsum(gaps)
            ts = t0 + csum - np.repeat(csum[np.cumsum(k) - k], k)
            kind = np.where(pos == 0, 0, rng.integers(1, 4, size=len(vdev)))
            item = rng.integers(1, 400, size=len(vdev))
            path = np.select(
                [kind == 0, kind == 1, kind == 2],
                ["/", np.char.add("/c/", (item % 12).astype(str)), np.char.add("/p/", item.astype(str))],
                np.char.add("/search?q=", (item % 30).astype(str)),
            )
            is_app = self.dev["is_app"][vdev]
            out.append(
                self._events(
                    ts,
                    vdev,
                    "page_view",
                    path,
                    np.where(is_app, "app", "web"),
                    with_customer=self.dev["identified"][vdev],
                )
            )

        # -- online checkout attempts (alive customers): attempts at rate lambda / P(complete)
        alive = existing[self.cust["alive"][existing]]
        # attempts scale with 1 / P(complete) of the undisturbed funnel: a planted problem loses orders
        p_complete = float(np.prod(PLANTED_FUNNELS["online_checkout"]))
        online = 1 - np.array([s.store_share for s in SEGMENTS.values()])[seg[alive]]
        starters = self._due(
            "online_checkout", alive, self.cust["lam"][alive] * DAY * online / p_complete, day0
        )
        if len(starters):
            out += self._checkout(starters, day0)

        # -- store visits and store purchases
        store_rate = (
            self.cust["lam"][alive] * DAY * np.array([s.store_share for s in SEGMENTS.values()])[seg[alive]]
        )
        visitors = alive[rng.random(len(alive)) < 2 * store_rate]
        if len(visitors):
            ts = self._day_times(len(visitors), day0)
            out.append(
                self._events(
                    ts,
                    np.full(len(visitors), -1),
                    "store_visit",
                    "",
                    "store",
                    with_customer=np.ones(len(visitors), bool),
                    cust=visitors,
                )
            )
            buys = rng.random(len(visitors)) < 0.5
            self._purchase(
                visitors[buys], ts[buys] + rng.uniform(300, 1800, buys.sum()), np.full(buys.sum(), "store")
            )
            self._survey(visitors, ts + 3600 * 5, "store_consultation", "store", 0.10, "survey")

        # -- support attempts (anyone who has bought)
        srate = np.array([s.support_rate for s in SEGMENTS.values()])[seg[existing]] / 7
        helpers = self._due("support_resolution", existing, srate, day0)
        if len(helpers):
            out += self._support(helpers, day0)

        # -- newsletter each Tuesday: an open starts an offer attempt
        if datetime.fromtimestamp(day0, UTC).weekday() == 1:
            subs = existing[self.cust["subscribed"][existing]]
            openers = self._due("offer_redemption", subs, np.full(len(subs), 0.3), day0)
            if len(openers):
                out += self._offer(openers, day0)

        # -- campaign landings of anonymous devices: registration attempts
        anon = np.flatnonzero(self.dev["owner"] < 0)
        landers = anon[rng.random(len(anon)) < 0.004]
        if len(landers):
            out += self._registration(landers, day0)
        return out

    def _purchase(self, cust: np.ndarray, ts: np.ndarray, channel: np.ndarray) -> np.ndarray:
        """Record orders and apply the BG/NBD dropout after each purchase; returns order numbers."""
        keep = ts < self.t_end
        cust, ts, channel = cust[keep], ts[keep], channel[keep]
        start = sum(len(o) for o in self.orders)
        self._add_orders(cust, ts, channel)
        died = self.rng.random(len(cust)) < self.cust["p"][cust]
        self.cust.cols["alive"][cust[died]] = False
        return np.arange(start, start + len(cust))

    def _checkout(self, cust: np.ndarray, day0: float) -> list[pl.DataFrame]:
        rng = self.rng
        n = len(cust)
        dev = self._pick_device(cust)
        level = self._levels("online_checkout", n)
        t = self._step_times(
            "online_checkout", self._day_times(n, day0), 4, 0.15, FUNNEL_WINDOWS["online_checkout"] / 4
        )
        # the planted campaign (its own random stream): web attempts landing from it, with its conversion
        crng = self.campaign_rng
        from_campaign = (crng.random(n) < PLANTED_CAMPAIGN["share"]) & ~self.dev["is_app"][dev]
        probs = np.array([PLANTED_CAMPAIGN["cart_to_address"], *self.funnel_probs["online_checkout"][1:]])
        campaign_level = 1 + np.cumprod(crng.random((n, len(probs))) < probs, axis=1).sum(axis=1)
        level = np.where(from_campaign, campaign_level, level)
        campaign = np.where(from_campaign, PLANTED_CAMPAIGN["utm_campaign"], "")
        self._record_attempts("online_checkout", dev, cust, t, level, campaign)
        chan = np.where(self.dev["is_app"][dev], "app", "web")
        utm = "?utm_source={utm_source}&utm_medium={utm_medium}&utm_campaign={utm_campaign}".format(
            **PLANTED_CAMPAIGN
        )
        out = [
            self._events(
                t[:, 0] - rng.uniform(30, 120, n),
                dev,
                "page_view",
                np.char.add(
                    np.char.add("/p/", rng.integers(1, 400, n).astype(str)), np.where(from_campaign, utm, "")
                ),
                chan,
                with_customer=self.dev["identified"][dev],
            )
        ]
        paths = ["/cart", "/checkout/address", "/checkout/payment", "/checkout/confirmation"]
        names = ["page_view", "page_view", "page_view", "purchase"]
        login = (level >= 2) & ~self.dev["identified"][dev]
        out.append(
            self._events(
                t[login, 1] - 5,
                dev[login],
                "login",
                "/account/login",
                chan[login],
                with_customer=np.ones(login.sum(), bool),
            )
        )
        ident_before = self.dev["identified"][dev].copy()
        self._identify(dev[login], t[login, 1])
        for k in range(4):
            m = level > k
            withc = ident_before[m] | (login[m] & (k >= 1))
            out.append(self._events(t[m, k], dev[m], names[k], paths[k], chan[m], with_customer=withc))
        done = level == 4
        order_no = self._purchase(cust[done], t[done, 3], chan[done])
        if self.payment_calls:
            self._payment_calls(cust[level == 3], t[level == 3, 2])
        # delivery tracking 1-3 days later on the same device, and post-purchase surveys
        kept = t[done, 3] < self.t_end
        dcust, ddev, dts = cust[done][kept], dev[done][kept], t[done, 3][kept]
        track = rng.random(len(dcust)) < 0.5
        tt = dts[track] + rng.uniform(DAY, 3 * DAY, track.sum())
        out.append(
            self._events(
                tt,
                ddev[track],
                "page_view",
                np.char.add(np.char.add("/account/orders/", order_no[track].astype(str)), "/tracking"),
                np.where(self.dev["is_app"][ddev[track]], "app", "web"),
                with_customer=np.ones(track.sum(), bool),
            )
        )
        tp = np.where(rng.random(len(dcust)) < 0.5, "checkout_payment", "order_confirmation")
        for name in ("checkout_payment", "order_confirmation"):
            m = tp == name
            self._survey(
                dcust[m],
                dts[m] + rng.uniform(3600, 2 * DAY, m.sum()),
                name,
                "web",
                0.25,
                "survey",
                journey="purchase.buy.online_checkout",
            )
        self._survey(
            dcust[track],
            tt + rng.uniform(DAY, 4 * DAY, track.sum()),
            "delivery_tracking",
            "web",
            0.30,
            "review",
            give_touchpoint=0.5,
        )
        return out

    def _payment_calls(self, cust: np.ndarray, paid_ts: np.ndarray) -> None:
        """The payment_calls plant: some who stopped at the payment step call, a case without touchpoint."""
        rng = self.rng
        p_call, mix = self.payment_calls
        calls = rng.random(len(cust)) < p_call
        ts = paid_ts[calls] + rng.uniform(600, 3600, calls.sum())
        kept = ts < self.t_end
        n = int(kept.sum())
        categories = rng.choice(list(mix), calls.sum(), p=list(mix.values()))[kept]
        handle = np.round(rng.uniform(6, 28, calls.sum()), 1)[kept]
        cust, ts = cust[calls][kept], ts[kept]
        self.cases.append(
            pl.DataFrame(
                {
                    "cust": cust,
                    "opened_ts": ts,
                    "closed_ts": ts + 900,
                    "channel": np.full(n, "phone"),
                    "category": categories,
                    "handle_minutes": handle,
                    "escalated": np.zeros(n, bool),
                    "touchpoint": pl.Series([None] * n, dtype=pl.String),
                }
            )
        )

    def _support(self, cust: np.ndarray, day0: float) -> list[pl.DataFrame]:
        rng = self.rng
        n = len(cust)
        dev = self._pick_device(cust)
        level = self._levels("support_resolution", n)
        t = self._step_times("support_resolution", self._day_times(n, day0), 4, 0.3, 3 * DAY)
        self._record_attempts("support_resolution", dev, cust, t, level)
        chan = np.where(self.dev["is_app"][dev], "app", "web")
        need_login = ~self.dev["identified"][dev]
        out = [
            self._events(
                t[need_login, 0] - 20,
                dev[need_login],
                "login",
                "/account/login",
                chan[need_login],
                with_customer=np.ones(need_login.sum(), bool),
            )
        ]
        self._identify(dev[need_login], t[need_login, 0])
        chat = rng.random(n) < np.array([s.chat_share for s in SEGMENTS.values()])[self.cust["segment"][cust]]
        contact_channel = np.where(chat, "chat", "phone")
        for k, (name, path) in enumerate(
            [
                ("page_view", "/help/search?q=order"),
                ("page_view", None),
                ("contact_started", ""),
                ("case_closed", ""),
            ]
        ):
            m = level > k
            if k == 1:
                path = np.char.add("/help/article/", rng.integers(1, 60, m.sum()).astype(str))
            if k < 2:
                out.append(
                    self._events(t[m, k], dev[m], name, path, chan[m], with_customer=np.ones(m.sum(), bool))
                )
            else:  # chat on the same device, phone through the IVR (a pseudo-device per customer)
                d = np.where(chat[m], dev[m], -1)
                out.append(
                    self._events(
                        t[m, k],
                        d,
                        name,
                        path,
                        contact_channel[m],
                        with_customer=np.ones(m.sum(), bool),
                        cust=cust[m],
                    )
                )
        opened = (level >= 3) & (t[:, 2] < self.t_end)
        closed = (level >= 4) & (t[:, 3] < self.t_end)
        handle = np.where(chat, rng.uniform(4, 16, n), rng.uniform(6, 28, n))
        self.cases.append(
            pl.DataFrame(
                {
                    "cust": cust[opened],
                    "opened_ts": t[opened, 2],
                    "closed_ts": np.where(closed[opened], t[opened, 3], np.nan),
                    "channel": contact_channel[opened],
                    "category": rng.choice(
                        ["delivery", "payment", "product_defect", "return", "account"], opened.sum()
                    ),
                    "handle_minutes": np.round(handle[opened], 1),
                    "escalated": rng.random(opened.sum()) < 0.12,
                    "touchpoint": np.full(opened.sum(), "contact_support"),
                }
            )
        )
        self._survey(
            cust[opened & ~closed],
            t[opened & ~closed, 2] + 600,
            "contact_support",
            "phone",
            0.5,
            "transcript",
            ces=True,
            journey="after_sales.service.support",
        )
        self._survey(
            cust[closed],
            t[closed, 3] + 3600,
            "issue_resolved",
            "phone",
            0.5,
            "survey",
            ces=True,
            journey="after_sales.service.support",
        )
        return out

    def _offer(self, cust: np.ndarray, day0: float) -> list[pl.DataFrame]:
        n = len(cust)
        level = self._levels("offer_redemption", n)
        t = self._step_times("offer_redemption", self._day_times(n, day0), 4, 0.25, DAY)
        dev = self.cust["web_dev"][cust]
        self._record_attempts("offer_redemption", np.full(n, -1), cust, t, level)
        out = []
        for k, (name, path, chan) in enumerate(
            [
                ("email_open", "", "email"),
                ("email_click", "", "email"),
                ("page_view", "/offers/autumn", "web"),
                ("coupon_redeemed", "/offers/autumn", "web"),
            ]
        ):
            m = level > k
            d = np.full(m.sum(), -1) if chan == "email" else dev[m]
            out.append(
                self._events(t[m, k], d, name, path, chan, with_customer=np.ones(m.sum(), bool), cust=cust[m])
            )
            if chan == "web":
                self._identify(dev[m], t[m, k])
        m = level >= 3
        self._survey(cust[m], t[m, 2] + 1800, "offer_page", "web", 0.05, "survey")
        return out

    def _registration(self, devs: np.ndarray, day0: float) -> list[pl.DataFrame]:
        n = len(devs)
        level = self._levels("registration", n)
        t = self._step_times("registration", self._day_times(n, day0), 3, 0.1, 4 * 3600)
        done = (level == 3) & (t[:, 2] < self.t_end)
        new = self._draw_customers(int(done.sum()), t[done, 2]) if done.any() else np.array([], int)
        # the signing-up device becomes the new customer's web device (drop the drawn spare devices)
        self.dev.cols["owner"][devs[done]] = new
        if len(new):
            self.dev.cols["owner"][self.cust["web_dev"][new]] = -2  # never used
            app = self.cust["app_dev"][new]
            self.dev.cols["owner"][app[app >= 0]] = -2
            self.cust.cols["web_dev"][new] = devs[done]
            self.cust.cols["app_dev"][new] = -1
            self.cust.cols["created"][new] = t[done, 2]
            self.new_customer_created.append(new)
        cust = np.full(n, -1)
        cust[done] = new
        self._record_attempts("registration", devs, cust, t, level)
        camp = self.rng.choice(["spring", "tv", "social"], n)
        out = []
        for k, (name, path) in enumerate(
            [("page_view", None), ("page_view", "/account/register"), ("sign_up", "")]
        ):
            m = level > k
            p = np.char.add("/campaign/", camp[m]) if path is None else path
            out.append(
                self._events(
                    t[m, k], devs[m], name, p, "web", with_customer=np.full(m.sum(), k == 2), cust=cust[m]
                )
            )
        self._identify(devs[done], t[done, 2])
        return out

    # ------------------------------------------------------------------ feedback
    def _survey(
        self, cust, ts, touchpoint, channel, prob, source, ces=False, journey="", give_touchpoint=0.9
    ):
        rng = self.rng
        cust, ts = np.asarray(cust), np.asarray(ts)
        m = (rng.random(len(cust)) < prob) & (ts < self.t_end)
        if not m.any():
            return
        cust, ts = cust[m], ts[m]
        n = len(cust)
        good = rng.random(n) < self.good_prob[touchpoint]
        self.feedback.append(
            pl.DataFrame(
                {
                    "cust": cust,
                    "ts": ts,
                    "touchpoint": np.where(rng.random(n) < give_touchpoint, touchpoint, ""),
                    "planted_touchpoint": touchpoint,
                    "journey": journey,
                    "channel": channel,
                    "source": source,
                    "good": good,
                    "ces": ces,
                }
            )
        )

    # ------------------------------------------------------------------ driver
    def run(self, out: Path) -> dict:
        cfg, rng = self.cfg, self.rng
        out = Path(out)
        for sub in ("web", "crm", "feedback", "_truth"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        created = self.t_start - rng.uniform(0, cfg.history_days * DAY, cfg.customers)
        idx = self._draw_customers(cfg.customers, created)
        self._history(idx)
        n_anon = int(cfg.customers * cfg.anonymous_ratio)
        self.dev.add(
            owner=np.full(n_anon, -1), is_app=rng.random(n_anon) < 0.25, identified=np.zeros(n_anon, bool)
        )

        counts = {"web_events": 0, "web_files": 0}
        for d in range(cfg.days + 1):  # one extra day flushes late events of the last day
            day0 = self.t_start + d * DAY
            chunks = self._simulate_day(day0) if d < cfg.days else []
            parts = [c for c in chunks + self.pending if len(c)]
            frame = pl.concat(parts, how="vertical") if parts else None
            self.pending = []
            if frame is None or frame.is_empty():
                continue
            frame = frame.filter(pl.col("ts") < self.t_end)
            late = (frame["channel"] == "app").to_numpy() & (rng.random(len(frame)) < cfg.late_share)
            file_day = np.floor((frame["ts"].to_numpy() - self.t_start) / DAY).astype(int) + late
            frame = frame.with_columns(pl.Series("file_day", file_day))
            self.pending = [frame.filter(pl.col("file_day") > d).drop("file_day")]
            today = frame.filter(pl.col("file_day") <= d).drop("file_day")
            if today.is_empty():
                continue
            n = self._write_web_day(
                today,
                out / "web" / f"clickstream_{(self.window_start + timedelta(days=d)):%Y-%m-%d}.csv",
                counts["web_events"],
            )
            counts["web_events"] += n
            counts["web_files"] += 1
            if cfg.progress:
                cfg.progress(d + 1, cfg.days + 1)

        counts.update(self._write_crm(out / "crm"))
        counts.update(self._write_feedback(out / "feedback"))
        self._write_truth(out / "_truth", counts)
        return counts

    def _customer_ids(self, cust: pl.Expr) -> pl.Expr:
        return pl.when(cust >= 0).then(pl.format("C{}", cust.cast(pl.String).str.pad_start(7, "0")))

    def _person_ids(self, dev: pl.Expr, cust: pl.Expr, channel: pl.Expr) -> pl.Expr:
        pseudo = pl.format("{}-{}", channel, cust.cast(pl.String).str.pad_start(7, "0"))
        return (
            pl.when(dev >= 0)
            .then(pl.format("v{}", dev.cast(pl.String).str.pad_start(8, "0")))
            .otherwise(pseudo)
        )

    def _write_web_day(self, frame: pl.DataFrame, path: Path, first_id: int) -> int:
        frame = frame.sort("ts")
        n = len(frame)
        dev_type = (
            pl.when(pl.col("channel") == "app")
            .then(pl.lit("mobile"))
            .when(pl.col("channel") == "web")
            .then(pl.lit("desktop"))
        )
        dwell = pl.when(pl.col("event_name") == "page_view").then(
            pl.Series(np.round(self.rng.gamma(2.0, 25.0, n)).astype(int))
        )
        df = frame.select(
            pl.format(
                "e{}", (pl.int_range(pl.len()) + first_id).cast(pl.String).str.pad_start(10, "0")
            ).alias("event_id"),
            pl.from_epoch((pl.col("ts") * 1000).cast(pl.Int64), time_unit="ms")
            .dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .alias("event_at"),
            self._person_ids(pl.col("dev"), pl.col("cust"), pl.col("channel")).alias("anonymous_id"),
            pl.when(pl.col("with_customer")).then(self._customer_ids(pl.col("cust"))).alias("customer_id"),
            pl.lit(None, pl.String).alias("session_id"),
            pl.col("event_name"),
            pl.when(pl.col("page_path") != "").then(pl.col("page_path")).alias("page_path"),
            pl.col("channel"),
            dev_type.alias("device"),
            dwell.alias("dwell_seconds"),
            pl.when(pl.col("page_path").str.starts_with("/campaign/"))
            .then(pl.format('{{"utm_source":"{}"}}', pl.col("page_path").str.slice(10)))
            .alias("properties"),
        )
        df.write_csv(path)
        return n

    def _local(self, ts: pl.Expr) -> pl.Expr:
        """CRM and feedback exports write local Berlin wall time without offset (their configured zone)."""
        return (
            pl.from_epoch((ts * 1000).cast(pl.Int64), time_unit="ms")
            .dt.replace_time_zone("UTC")
            .dt.convert_time_zone("Europe/Berlin")
            .dt.strftime("%Y-%m-%d %H:%M:%S")
        )

    def _write_crm(self, out: Path) -> dict:
        rng = self.rng
        n = self.cust.n
        cities = phrases.CITIES
        city = rng.integers(0, len(cities), n)
        first = np.array(phrases.FIRST_NAMES)[rng.integers(0, len(phrases.FIRST_NAMES), n)]
        last = np.array(phrases.LAST_NAMES)[rng.integers(0, len(phrases.LAST_NAMES), n)]
        referred = np.where(rng.random(n) < 0.06, rng.integers(0, max(n, 1), n), -1)
        referred = np.where(referred < np.arange(n), referred, -1)  # only earlier customers refer
        ids = np.arange(n)
        street = np.array(phrases.STREETS)[rng.integers(0, len(phrases.STREETS), n)]
        customers = pl.DataFrame(
            {
                "cust": ids,
                "first": first,
                "last": last,
                "ref": referred,
                "created": self.cust["created"],
                "segment": np.array(self.seg_names)[self.cust["segment"]],
                "street": np.char.add(np.char.add(street, " "), rng.integers(1, 120, n).astype(str)),
                "phone": rng.integers(10_000_000, 99_999_999, n),
                "postal_code": np.array([c[0] for c in cities])[city],
                "city": np.array([c[1] for c in cities])[city],
                "country": np.array([c[2] for c in cities])[city],
            }
        )
        customers = customers.select(
            self._customer_ids(pl.col("cust")).alias("customer_id"),
            pl.format(
                "{}.{}{}@example.com",
                pl.col("first").str.to_lowercase(),
                pl.col("last").str.to_lowercase(),
                pl.col("cust"),
            )
            .str.replace_all("[^a-z0-9.@]", "")
            .alias("email"),
            pl.col("first").alias("first_name"),
            pl.col("last").alias("last_name"),
            pl.format("+49 15{} {}", pl.col("cust") % 10, pl.col("phone")).alias("phone"),
            pl.col("street"),
            pl.col("postal_code"),
            pl.col("city"),
            pl.col("country"),
            pl.col("segment"),
            self._local(pl.col("created")).alias("created_at"),
            self._customer_ids(pl.col("ref")).alias("referred_by"),
        )
        customers.write_csv(out / "customers.csv")

        orders = pl.concat(self.orders).sort("ts", "cust")
        orders = orders.select(
            pl.format("O{}", pl.int_range(pl.len()).cast(pl.String).str.pad_start(8, "0")).alias("order_id"),
            self._customer_ids(pl.col("cust")).alias("customer_id"),
            self._local(pl.col("ts")).alias("ordered_at"),
            pl.col("amount").round(2),
            pl.lit("EUR").alias("currency"),
            pl.col("channel"),
        )
        orders.write_csv(out / "orders.csv")

        empty_cases = pl.DataFrame(
            schema={
                "cust": pl.Int64,
                "opened_ts": pl.Float64,
                "closed_ts": pl.Float64,
                "channel": pl.String,
                "category": pl.String,
                "handle_minutes": pl.Float64,
                "escalated": pl.Boolean,
                "touchpoint": pl.String,
            }
        )
        cases = pl.concat([empty_cases, *[c.cast(empty_cases.schema) for c in self.cases]]).sort(
            "opened_ts", "cust"
        )
        cases = cases.select(
            pl.format("K{}", pl.int_range(pl.len()).cast(pl.String).str.pad_start(7, "0")).alias("case_id"),
            self._customer_ids(pl.col("cust")).alias("customer_id"),
            self._local(pl.col("opened_ts")).alias("opened_at"),
            pl.when(pl.col("closed_ts").is_not_nan())
            .then(self._local(pl.col("closed_ts")))
            .alias("closed_at"),
            pl.col("channel"),
            pl.col("category"),
            pl.col("handle_minutes"),
            pl.col("escalated"),
            pl.col("touchpoint"),
        )
        cases.write_csv(out / "cases.csv")
        if self.payment_calls:  # the planted contact-reason mix (planted cases carry no touchpoint)
            cases.filter(pl.col("touchpoint").is_null(), pl.col("opened_at").is_not_null()).group_by(
                "category"
            ).agg(pl.len().alias("cases")).sort("category").write_csv(
                out.parent / "_truth" / "planted_contacts.csv"
            )
        return {"customers": len(customers), "orders": len(orders), "cases": len(cases)}

    def _write_feedback(self, out: Path) -> dict:
        rng = self.rng
        fb = pl.concat(self.feedback).sort("ts", "cust")
        n = len(fb)
        # a relational NPS survey of 15% of the customers, without a touchpoint reference
        good = fb["good"].to_numpy()
        s = np.where(good, rng.beta(6, 2, n), rng.beta(2, 6, n))
        german = self.cust["german"][fb["cust"].to_numpy()]
        lang = np.where(german, "de", "en")
        csat = np.clip(np.rint(1 + 4 * s + rng.normal(0, 0.35, n)), 1, 5).astype(int)
        nps = np.clip(np.rint(10 * s + rng.normal(0, 0.8, n)), 0, 10).astype(int)
        ces = np.clip(np.rint(1 + 6 * s + rng.normal(0, 0.5, n)), 1, 7).astype(int)
        texts = self._texts(fb["planted_touchpoint"].to_numpy(), lang, csat)
        has_nps = rng.random(n) < 0.4
        df = fb.with_columns(
            pl.Series("csat", csat),
            pl.Series("nps_v", np.where(has_nps, nps, -1)),
            pl.Series("ces_v", np.where(fb["ces"].to_numpy(), ces, -1)),
            pl.Series("text", texts),
            pl.Series("lang", np.where(rng.random(n) < 0.7, lang, "")),
        ).select(
            pl.format("F{}", pl.int_range(pl.len()).cast(pl.String).str.pad_start(7, "0")).alias(
                "feedback_id"
            ),
            self._customer_ids(pl.col("cust")).alias("customer_id"),
            self._local(pl.col("ts")).alias("submitted_at"),
            pl.col("channel"),
            pl.when(pl.col("touchpoint") != "").then(pl.col("touchpoint")).alias("touchpoint"),
            pl.when(pl.col("journey") != "").then(pl.col("journey")).alias("journey"),
            pl.when(pl.col("nps_v") >= 0).then(pl.col("nps_v")).alias("nps"),
            pl.col("csat"),
            pl.when(pl.col("ces_v") >= 0).then(pl.col("ces_v")).alias("ces"),
            pl.when(pl.col("text") != "").then(pl.col("text")).alias("text"),
            pl.when(pl.col("lang") != "").then(pl.col("lang")).alias("language"),
            pl.col("source"),
        )
        df.write_csv(out / "survey_responses.csv")
        self._feedback_truth = fb.select("planted_touchpoint", "good").with_columns(pl.Series("csat", csat))
        return {"feedback": n}

    def _texts(self, touchpoints: np.ndarray, lang: np.ndarray, csat: np.ndarray) -> np.ndarray:
        """Texts whose tone agrees with CSAT; a few carry an e-mail address or phone number (PII)."""
        rng = self.rng
        n = len(touchpoints)
        out = np.empty(n, dtype=object)
        roll = rng.random((n, 4))
        for i in range(n):  # feedback items, not events: ~1% of the event volume
            aspects = phrases.TOUCHPOINT_ASPECTS[touchpoints[i]][0]
            bank = phrases.PHRASES[lang[i]]
            a1 = aspects[int(roll[i, 0] * len(aspects))]
            a2 = aspects[int(roll[i, 1] * len(aspects))]
            choice = roll[i, 2]

            def pick(a: str, pol: str, bank=bank, choice=choice) -> str:
                options = bank[a][pol]
                return options[int(choice * len(options))]

            if roll[i, 3] < 0.12:
                out[i] = ""
                continue
            if csat[i] >= 4:
                text = pick(a1, "pos") + ("!" if csat[i] == 5 else ".")
            elif csat[i] <= 2:
                text = pick(a1, "neg") + ("!" if csat[i] == 1 else ".")
            else:  # mixed: the clause after "but" carries the verdict
                text = f"{pick(a2, 'pos')}, {phrases.CONTRAST[lang[i]]} {pick(a1, 'neg').lower()}."
            if roll[i, 3] > 0.97:
                text += (
                    " Bitte rufen Sie mich an: +49 151 2345678"
                    if lang[i] == "de"
                    else " Reach me at jane.doe@example.org please."
                )
            out[i] = text
        return out

    def _write_truth(self, out: Path, counts: dict) -> None:
        attempts = pl.concat(self.attempts)
        owner = self.dev["owner"]
        ident = self.dev["identified"]
        dev = attempts["dev"].to_numpy()
        cust = attempts["cust"].to_numpy()
        # the stitched person key: the customer wherever an identifying event exists, else the device
        dev_owner = np.where(dev >= 0, owner[np.maximum(dev, 0)], -1)
        dev_ident = np.where(dev >= 0, ident[np.maximum(dev, 0)], False)
        key_cust = np.where(dev < 0, cust, np.where(dev_ident, dev_owner, -1))
        segments = np.array(self.seg_names)[self.cust["segment"][np.maximum(key_cust, 0)]]
        truth = (
            attempts.with_columns(pl.Series("key_cust", key_cust), pl.Series("segment", segments))
            .filter(pl.col("level") >= 1, pl.col("entered_ts") < self.t_end)
            .select(
                pl.when(pl.col("key_cust") >= 0)
                .then(self._customer_ids(pl.col("key_cust")))
                .otherwise(pl.format("v{}", pl.col("dev").cast(pl.String).str.pad_start(8, "0")))
                .alias("person_key"),
                pl.when(pl.col("key_cust") >= 0)
                .then(pl.col("segment"))
                .otherwise(pl.lit("anonymous"))
                .alias("segment"),
                pl.col("funnel_id"),
                pl.from_epoch((pl.col("entered_ts") * 1000).cast(pl.Int64), time_unit="ms")
                .dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
                .alias("entered_at"),
                pl.col("level"),
                pl.col("campaign"),
            )
            .sort("funnel_id", "person_key", "entered_at")
        )
        truth.write_csv(out / "funnel_attempts.csv")
        fb = self._feedback_truth.group_by("planted_touchpoint").agg(
            pl.len().alias("items"),
            pl.col("good").mean().alias("good_share"),
            pl.col("csat").mean().alias("mean_csat"),
        )
        fb = fb.with_columns(
            pl.col("planted_touchpoint")
            .replace_strict(self.good_prob, return_dtype=pl.Float64)
            .alias("planted_good_prob")
        )
        fb.sort("planted_touchpoint").write_csv(out / "feedback_by_touchpoint.csv")
        meta = {
            "config": {k: str(v) for k, v in asdict(self.cfg).items() if k != "progress"},
            "window_start": self.window_start.isoformat(),
            "counts": counts,
            "funnel_step_probabilities": self.funnel_probs,
            "campaign": PLANTED_CAMPAIGN,
            "plant": {"name": self.cfg.plant, "description": PLANTS[self.cfg.plant].description}
            if self.cfg.plant
            else None,
            "segments": {k: asdict(v) for k, v in SEGMENTS.items()},
            "spend": {"p": SPEND_P, "q": SPEND_Q, "gamma": SPEND_GAMMA},
        }
        (out / "planted.json").write_text(json.dumps(meta, indent=2, sort_keys=True))


def generate(out: Path, cfg: GeneratorConfig | None = None) -> dict:
    """Write a landing directory (web/, crm/, feedback/) and its _truth/ to ``out``; return row counts."""
    return SampleGenerator(cfg or GeneratorConfig()).run(Path(out))
