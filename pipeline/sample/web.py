"""The web clickstream: a day of browsing, and the store, support, newsletter and campaign activity that
starts funnel attempts (pipeline.sample.journeys), as events; one CSV file per day."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.sample.formats import customer_ids, person_ids
from pipeline.sample.plants import DAY, FUNNEL_WINDOWS, PLANTED_FUNNELS
from pipeline.sample.population import SEGMENTS


class WebEvents:
    """Simulates a day of events and writes a day's file (a mixin of SampleGenerator)."""

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
            person_ids(pl.col("dev"), pl.col("cust"), pl.col("channel")).alias("anonymous_id"),
            pl.when(pl.col("with_customer")).then(customer_ids(pl.col("cust"))).alias("customer_id"),
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
