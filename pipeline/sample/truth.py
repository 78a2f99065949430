"""The truth the generator planted, under ``_truth/``: every funnel attempt with the person key the
warehouse must stitch it to, feedback per touchpoint, and planted.json (configuration, counts,
probabilities, campaign, plant, segments, spend)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.sample.formats import customer_ids
from pipeline.sample.plants import PLANTED_CAMPAIGN, PLANTS
from pipeline.sample.population import SEGMENTS, SPEND_GAMMA, SPEND_P, SPEND_Q


class Truth:
    """Writes _truth/ (a mixin of SampleGenerator)."""

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
                .then(customer_ids(pl.col("key_cust")))
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
