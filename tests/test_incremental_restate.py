"""A night restates every day of the incremental models when their inputs changed since their rows were
built (pipeline/incremental_inputs.py; an edited atlas rule is the everyday case) or a web file was
ingested again, and only the night's days otherwise.

Observed on copies of the built sample: a row of int_events_mapped far before the night (2026-09-01) is
marked in the build file — a stand-in for a row an old rule mapped. Then the night of the sample's last
day (its file already loaded) runs through the real pipeline twice: with the stored fingerprints as the
full build left them, the mark survives (an incremental night does not read that day); with the stored
fingerprint of int_events_mapped different from today's inputs, the night runs dbt with --full-refresh,
the mark is gone, and the run's dbt record says why."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipeline import incremental_inputs
from tests.conftest import SAMPLE, settings_for

pytestmark = pytest.mark.e2e

NIGHT = date(2026, 11, 1)  # the sample's last file
OLD_DAY = "2026-09-01"
MARK = "marked-by-the-test"


def _night_after_marking(built_warehouse: Path, root: Path, stored_change: dict | None) -> Path:
    warehouse = root / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("parquet"))
    build = warehouse / "build"
    if stored_change:
        stored = incremental_inputs.load(build)
        assert stored is not None  # the full build stored them
        incremental_inputs.save(build, {**stored, "models": {**stored["models"], **stored_change}})
    with duckdb.connect(str(build / "journeys.duckdb")) as con:
        con.execute(
            "update intermediate.int_events_mapped set touchpoint_id = ? where event_id = "
            "(select min(event_id) from intermediate.int_events_mapped where event_date = ?)",
            [MARK, OLD_DAY],
        )
    from pipeline.run import execute

    result = execute(NIGHT, NIGHT, settings_for(SAMPLE, warehouse), instance=dg.DagsterInstance.ephemeral())
    assert result.success
    return warehouse


def _marked(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        return con.execute(
            "select count(*) from intermediate.int_events_mapped where touchpoint_id = ?", [MARK]
        ).fetchone()[0]


def _dbt_record(warehouse: Path) -> str:
    records = [json.loads(p.read_text()) for p in (warehouse / "run_log").glob("*/dbt__*.json")]
    return max(records, key=lambda r: r["started_at"])["detail"]


def test_a_night_with_unchanged_inputs_leaves_old_days_alone(built_warehouse, tmp_path):
    warehouse = _night_after_marking(built_warehouse, tmp_path, None)
    assert _marked(warehouse) == 1
    assert "full refresh" not in _dbt_record(warehouse)


def test_a_night_after_the_inputs_changed_restates_every_day(built_warehouse, tmp_path):
    warehouse = _night_after_marking(built_warehouse, tmp_path, {"int_events_mapped": "an older atlas"})
    assert _marked(warehouse) == 0
    assert "full refresh, changed inputs of int_events_mapped" in _dbt_record(warehouse)


def test_a_corrected_redelivery_of_an_old_file_restates_every_day(built_warehouse, tmp_path):
    """The sample's file of 2026-09-10 delivered again with one event's page corrected (same number of
    rows, so no count per day changes) and ingested by the run over that day: the run is a full refresh
    naming the file, and the corrected page is what the event tables hold."""
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    shutil.copytree(SAMPLE, landing, ignore=shutil.ignore_patterns("_truth"))
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("parquet"))
    day = date(2026, 9, 10)
    corrected_file = landing / "web" / f"clickstream_{day}.csv"
    rows = pl.read_csv(corrected_file, infer_schema=False)
    corrected = rows["event_id"][0]
    rows.with_columns(
        page_path=pl.when(pl.col("event_id") == corrected)
        .then(pl.lit("/corrected"))
        .otherwise(pl.col("page_path"))
    ).write_csv(corrected_file)
    from pipeline.run import execute

    result = execute(day, day, settings_for(landing, warehouse), instance=dg.DagsterInstance.ephemeral())
    assert result.success
    assert f"re-ingested raw/web_events/clickstream_{day}.csv.parquet" in _dbt_record(warehouse)
    with duckdb.connect(str(warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        pages = con.execute(
            "select page_path from intermediate.int_events_sessionised where event_id = ?", [corrected]
        ).fetchall()
    assert pages == [("/corrected",)]
