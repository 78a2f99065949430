"""Run a suite from expectations/ with great-expectations 1.x on a polars frame.

GX has no polars data source and its SQL path failed on DuckDB when tried, so the frame is converted
to pandas; large tables are validated on a bounded, seeded sample (documented in docs/ingestion.md).
GX is imported lazily: it costs seconds and hundreds of MB, and only the checks need it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import polars as pl

from pipeline.ingest.latest import latest_copy
from pipeline.ingest.suites import Suite

MAX_ROWS = 200_000


@dataclass
class ExpectationOutcome:
    type: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int
    unexpected_percent: float
    sample_values: list


@dataclass
class SuiteOutcome:
    suite: str
    rows_validated: int
    rows_total: int
    outcomes: list[ExpectationOutcome]

    @property
    def critical_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "warning"]


def validate(frame: pl.DataFrame, suite: Suite, max_rows: int = MAX_ROWS, seed: int = 0) -> SuiteOutcome:
    total = len(frame)
    sample = frame.sample(n=max_rows, seed=seed) if total > max_rows else frame
    outcomes = []
    for res in _results(sample, suite, "SUMMARY"):
        cfg = res.expectation_config
        detail = res.result or {}
        outcomes.append(
            ExpectationOutcome(
                type=cfg.type,
                column=cfg.kwargs.get("column"),
                severity=(cfg.meta or {}).get("severity", "critical"),
                success=bool(res.success),
                unexpected_count=int(detail.get("unexpected_count") or 0),
                unexpected_percent=float(detail.get("unexpected_percent") or 0.0),
                sample_values=[str(v) for v in (detail.get("partial_unexpected_list") or [])[:5]],
            )
        )
    return SuiteOutcome(suite.name, len(sample), total, outcomes)


def failing_rows(frame: pl.DataFrame, suite: Suite) -> dict[tuple[str, str | None], list[int]]:
    """The positions (0-based) of the rows of ``frame`` that great-expectations flags as failing each
    column-value expectation of ``suite``, by (type, column); the whole frame, no sample. For
    comparing the ingestion's polars row rules with GX itself (tests/test_ingest_rules_agree_with_gx.py)."""
    out = {}
    for res in _results(frame, suite, "COMPLETE"):
        cfg = res.expectation_config
        indices = (res.result or {}).get("unexpected_index_list")
        if indices is not None:
            out[(cfg.type, cfg.kwargs.get("column"))] = sorted(int(i) for i in indices)
    return out


def _results(frame: pl.DataFrame, suite: Suite, result_format: str) -> list:
    """GX's validation results of ``suite`` on ``frame`` (converted to pandas, index 0..n-1)."""
    # great-expectations' own switch (not a setting of this project): no usage analytics, offline
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    pdf = frame.to_pandas()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    batch = (
        context.data_sources.add_pandas("journey")
        .add_dataframe_asset(suite.name)
        .add_batch_definition_whole_dataframe("batch")
        .get_batch(batch_parameters={"dataframe": pdf})
    )
    gx_suite = gx.ExpectationSuite(name=suite.name)
    for item in suite.raw["expectations"]:
        gx_suite.add_expectation_configuration(
            ExpectationConfiguration(type=item["type"], kwargs=item["kwargs"], meta=item.get("meta") or {})
        )
    return batch.validate(gx_suite, result_format=result_format).results


def load_batch(files: list, key: str, max_rows: int = MAX_ROWS, seed: int = 0) -> tuple[pl.DataFrame, int]:
    """The raw zone of one table as staging sees it (an id delivered in several files counts once, the
    latest copy by staging's order, pipeline.ingest.latest), bounded for validation: above ``max_rows``
    rows only the ids whose seeded hash falls in one bucket of about ``max_rows`` are read — lazily, so the whole table is never in memory, and
    every copy of an id lands in the same bucket, so de-duplicating the sample is exact.
    Returns (rows to validate, rows in the raw zone)."""
    if not files:
        return pl.DataFrame(), 0
    scan = pl.scan_parquet(files)
    total = scan.select(pl.len()).collect().item()
    buckets = -(-total // max_rows)  # ceil
    if buckets > 1:
        scan = scan.filter(pl.col(key).hash(seed=seed) % buckets == 0)
    return latest_copy(scan, key).collect(engine="streaming"), total
