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

The generator is one object whose parts live in their own modules: ``plants`` (funnel probabilities,
campaign, planted problems), ``population`` (segments, customers, devices, purchase history),
``web`` (a day of events, the daily clickstream file), ``journeys`` (the funnel attempts), ``feedback``,
``crm`` (customers, orders, cases), ``truth`` (``_truth/``) and ``formats`` (ids and local times).
Every random draw comes from one seeded stream (and the campaign's own), in a fixed order, so the same
configuration writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.sample import phrases
from pipeline.sample.crm import Crm
from pipeline.sample.feedback import Feedback
from pipeline.sample.journeys import Journeys
from pipeline.sample.plants import DAY, FUNNEL_IDS, PLANTED_CAMPAIGN, PLANTED_FUNNELS, PLANTS, Plant
from pipeline.sample.population import SEGMENTS, Grow, Population
from pipeline.sample.truth import Truth
from pipeline.sample.web import WebEvents

# names tests, benchmarks and the CLI import from here
__all__ = ["PLANTED_CAMPAIGN", "PLANTED_FUNNELS", "PLANTS", "GeneratorConfig", "SampleGenerator", "generate"]


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


class SampleGenerator(Population, WebEvents, Journeys, Feedback, Crm, Truth):
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
        self.cust = Grow(
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
        self.dev = Grow(owner=np.int64, is_app=np.bool_, identified=np.bool_)
        self.orders: list[pl.DataFrame] = []
        self.cases: list[pl.DataFrame] = []
        self.feedback: list[pl.DataFrame] = []
        self.attempts: list[pl.DataFrame] = []
        self.pending: list[pl.DataFrame] = []
        self.new_customer_created: list[np.ndarray] = []

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


def generate(out: Path, cfg: GeneratorConfig | None = None) -> dict:
    """Write a landing directory (web/, crm/, feedback/) and its _truth/ to ``out``; return row counts."""
    return SampleGenerator(cfg or GeneratorConfig()).run(Path(out))
