"""The generator's planted funnel truth as the tests read it."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def funnel_attempts(truth_dir: Path, with_strict: bool = True) -> pl.DataFrame:
    """Every planted funnel attempt (``_truth/funnel_attempts.csv``), plus the attempts of the seeded
    funnel checkout_strict: it has online_checkout's steps in strict order, and the generator emits each
    attempt's steps in order and spaces attempts further apart than the window, so its truth is the
    same attempts."""
    attempts = pl.read_csv(
        truth_dir / "funnel_attempts.csv", schema_overrides={"campaign": pl.String}, infer_schema_length=None
    )
    if not with_strict:
        return attempts
    strict = attempts.filter(pl.col("funnel_id") == "online_checkout").with_columns(
        pl.lit("checkout_strict").alias("funnel_id")
    )
    return pl.concat([attempts, strict])
