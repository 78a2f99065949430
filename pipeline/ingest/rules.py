"""The great-expectations suites' critical, row-level expectations as polars row rules: each becomes
a reason expression, so a failing row is quarantined with the rule it broke (GX checks the loaded
table again afterwards, pipeline.quality.gx; tests/test_ingest_rules_agree_with_gx.py holds the two to
the same rows)."""

from __future__ import annotations

import polars as pl

from pipeline.ingest.reasons import msg, quote, reason_if
from pipeline.ingest.suites import Expectation, Suite


def rule_reasons(suite: Suite, columns: list[str]) -> list[pl.Expr]:
    """Translate the suite's critical, row-level expectations into per-row reason expressions."""
    return [
        rule
        for e in suite.expectations
        if e.row_level and e.column in columns and (rule := row_rule(e)) is not None
    ]


def row_rule(e: Expectation) -> pl.Expr | None:
    """The reason a row breaks expectation ``e`` (null where it does not), or None for a type that
    has no row rule."""
    col = e.column
    if e.type == "expect_column_values_to_not_be_null":
        return reason_if(pl.col(col).is_null(), f"column '{col}' is empty but required")
    if e.type == "expect_column_values_to_be_between":
        lo, hi = e.kwargs.get("min_value"), e.kwargs.get("max_value")
        bad = pl.lit(False)
        if lo is not None:
            bad = bad | (pl.col(col) < lo)
        if hi is not None:
            bad = bad | (pl.col(col) > hi)
        return reason_if(
            bad.fill_null(False),
            msg(f"column '{col}': ", pl.col(col).cast(pl.String), f" is outside {lo}..{hi}"),
        )
    if e.type == "expect_column_values_to_be_in_set":
        allowed = e.kwargs["value_set"]
        return reason_if(
            pl.col(col).is_not_null() & ~pl.col(col).is_in(allowed),
            msg(f"column '{col}': ", quote(col), f" is not one of {', '.join(map(str, allowed))}"),
        )
    if e.type == "expect_column_values_to_match_regex":
        regex = e.kwargs["regex"]
        return reason_if(
            pl.col(col).is_not_null() & ~pl.col(col).cast(pl.String).str.contains(regex),
            msg(f"column '{col}': ", quote(col), f" does not match {regex}"),
        )
    if e.type == "expect_column_values_to_be_unique":
        first = pl.col("_row_number").min().over(col)
        return reason_if(
            pl.col(col).is_not_null() & (pl.col("_row_number") != first),
            msg(f"duplicate {col} ", quote(col), " (first seen in row ", first.cast(pl.String), ")"),
        )
    return None
