"""Small helpers the Dagster definitions share, and how they get the settings (pipeline/config.py).

Settings reach the definitions twice, from one object:
- when the definitions load, ``location_settings()`` reads the environment once: the partitions, the
  schedule and the sensor are built from it;
- a run gets them as the resource ``settings`` (``settings_resource``; assets take
  ``settings: dg.ResourceParam[Settings]``). The code location's settings by default; a caller
  (``pipeline.run.execute``, a test) may pass others for one run.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache

import dagster as dg
import polars as pl
import yaml

from pipeline.config import PROJECT_ROOT, Settings, load_settings
from pipeline.run_records import recorded_stage
from pipeline.writer_lock import writer_lock

DUCKDB_POOL = "duckdb_build"  # everything that opens the build file; the instance limits it to 1


@cache
def location_settings() -> Settings:
    """The settings of this code location: the environment, read once when the definitions load."""
    return load_settings()


_run_settings: ContextVar[Settings | None] = ContextVar("journey_run_settings", default=None)


def settings_resource(settings: Settings) -> dg.ResourceDefinition:
    """``settings`` as the Dagster resource ``settings``. While a run has it, ``run_settings()``
    returns it too, for helpers without a context of their own (``stage``)."""

    def provide(_init_context) -> Iterator[Settings]:
        token = _run_settings.set(settings)
        try:
            yield settings
        finally:
            _run_settings.reset(token)

    return dg.ResourceDefinition(
        resource_fn=provide,
        description='The pipeline\'s settings (pipeline/config.py, README "Configuration").',
    )


def run_settings() -> Settings:
    """The settings of the run in progress (its ``settings`` resource); outside a run, the code
    location's."""
    return _run_settings.get() or location_settings()


# One partition per day: the day whose exports a night loads. Runs cover one partition (the nightly
# schedule) or a range in one run (a backfill, BackfillPolicy.single_run); see docs/operations.md.
DAILY = dg.DailyPartitionsDefinition(
    start_date=location_settings().schedule.partition_start.isoformat(),
    timezone=location_settings().schedule.timezone,
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

    # the step's own resource when it takes one (a test may pass a plain Settings object)
    cfg = getattr(context.resources, "settings", None) or run_settings()
    tag_run_with_process(context)
    with (
        writer_lock(cfg.warehouse_dir, context.log),
        recorded_stage(cfg.warehouse_dir, context.run.run_id, name, run_window(context)) as record,
    ):
        yield record


def markdown_table(frame: pl.DataFrame, limit: int = 10) -> str:
    """A small Markdown preview for asset metadata."""
    head = frame.head(limit)
    cols = head.columns
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in head.iter_rows():
        lines.append("| " + " | ".join("" if v is None else str(v)[:40] for v in row) + " |")
    return "\n".join(lines)
