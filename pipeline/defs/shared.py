"""Small helpers the Dagster definitions share."""

import os
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import dagster as dg
import polars as pl
import yaml

from pipeline.config import PROJECT_ROOT, Settings, load_settings
from pipeline.nightly import recorded_stage, writer_lock

DUCKDB_POOL = "duckdb_build"  # everything that opens the build file; the instance limits it to 1

# One partition per day: the day whose exports a night loads. Runs cover one partition (the nightly
# schedule) or a range in one run (a backfill, BackfillPolicy.single_run); see docs/operations.md.
DAILY = dg.DailyPartitionsDefinition(
    start_date=os.environ.get("JOURNEY_PARTITION_START", "2024-01-01"),
    timezone=os.environ.get("JOURNEY_NIGHTLY_TZ", "Europe/Berlin"),
)
SINGLE_RUN = dg.BackfillPolicy.single_run()


@cache
def lookback_days() -> int:
    """dbt's var incremental_lookback_days: how many days before a run's window are rebuilt too."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["incremental_lookback_days"])


def run_window(context) -> tuple[date, date] | None:
    """The first and last partition day of the run (inclusive), from the run's tags; None for a run
    without partitions (a test materialising single assets)."""
    tags = context.run.tags
    if tags.get("dagster/partition"):
        day = date.fromisoformat(tags["dagster/partition"])
        return day, day
    start, end = (
        tags.get("dagster/asset_partition_range_start"),
        tags.get("dagster/asset_partition_range_end"),
    )
    if start and end:
        return date.fromisoformat(start), date.fromisoformat(end)
    return None


@contextmanager
def stage(context, name: str):
    """A step's work: under the warehouse's writer lock, timed and recorded for audit.runs."""
    from pipeline.defs.automation.recovery import tag_run_with_process

    cfg = settings()
    tag_run_with_process(context)
    with (
        writer_lock(cfg.warehouse_dir, context.log),
        recorded_stage(cfg.warehouse_dir, context.run.run_id, name, run_window(context)) as record,
    ):
        yield record


def settings() -> Settings:
    return load_settings()


def markdown_table(frame: pl.DataFrame, limit: int = 10) -> str:
    """A small Markdown preview for asset metadata."""
    head = frame.head(limit)
    cols = head.columns
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in head.iter_rows():
        lines.append("| " + " | ".join("" if v is None else str(v)[:40] for v in row) + " |")
    return "\n".join(lines)


def atomic_write_parquet(frame: pl.DataFrame, target: Path) -> None:
    import os

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    frame.write_parquet(tmp)
    os.replace(tmp, target)
