"""Incremental event models: a run that adds new days (and a late event inside the lookback) on top of
an earlier build gives exactly the tables a full rebuild of the same data gives."""

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table
from tests.checksums import table_checksums
from tests.conftest import PROJECT_ROOT, SAMPLE

pytestmark = pytest.mark.e2e
TABLES = (
    "staging.stg_web__events",
    "intermediate.int_events_mapped",
    "intermediate.int_events_sessionised",
    "intermediate.int_sessions",
    "marts.fct_journey_events",
    "marts.fct_sessions",
)
SELECTION = [
    *("--select", "+fct_journey_events", "+fct_sessions", "--exclude", "test_type:unit"),
    # only the data tests whose parents are all built (the selection leaves most marts out)
    *("--indirect-selection", "cautious"),
]


def _dbt(warehouse: Path, *args: str, succeeds: bool = True) -> str:
    env = {
        **os.environ,
        "JOURNEY_BUILD_DB": str(warehouse / "build" / "journeys.duckdb"),
        "JOURNEY_RAW_DIR": str(warehouse / "raw"),
    }
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *args,
            "--profiles-dir",
            ".",
            "--target-path",
            str(warehouse / "target"),
        ],
        cwd=PROJECT_ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )
    assert (result.returncode == 0) == succeeds, result.stdout[-4000:]
    return result.stdout


def _ingest(landing: Path, warehouse: Path) -> None:
    for table, spec in SPECS.items():
        ingest_table(spec, load_suite(table), landing, warehouse / "raw", b"test-key")


def _checksums(warehouse: Path) -> dict[str, str]:
    return table_checksums(warehouse / "build" / "journeys.duckdb", TABLES)


def test_incremental_run_equals_full_rebuild(tmp_path):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    shutil.copytree(SAMPLE, landing, ignore=shutil.ignore_patterns("_truth"))
    web_files = sorted((landing / "web").glob("clickstream_*.csv"))
    held_back = web_files[-2:]
    stash = tmp_path / "stash"
    stash.mkdir()
    for path in held_back:
        shutil.move(path, stash / path.name)

    (warehouse / "build").mkdir(parents=True)
    _ingest(landing, warehouse)
    _dbt(warehouse, "build", *SELECTION)  # the history

    for path in held_back:  # two new days arrive...
        shutil.move(stash / path.name, landing / "web" / path.name)
    # ...and a late event of an earlier day (inside the 3-day lookback) for a device seen that day
    earlier = pl.read_csv(web_files[-5], infer_schema=False)  # two days before the last day already built
    row = earlier.filter(pl.col("anonymous_id").is_not_null()).row(len(earlier) // 2, named=True)
    late_at = pl.Series([row["event_at"]]).str.to_datetime(time_zone="UTC")[0] + timedelta(minutes=5)
    late = {
        **row,
        "event_id": "late-1",
        "event_at": late_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "event_name": "page_view",
    }
    pl.DataFrame([late]).write_csv(landing / "web" / "clickstream_late_delivery.csv")
    _ingest(landing, warehouse)
    log = _dbt(warehouse, "build", *SELECTION)
    assert "incremental model intermediate.int_events_sessionised" in log
    # staging read only the night's three new files, not the history's
    staged = warehouse / "target" / "compiled" / "journey_warehouse" / "models" / "staging" / "web"
    night_sql = (staged / "stg_web__events.sql").read_text()
    new_files = [*(p.name for p in held_back), "clickstream_late_delivery.csv"]
    assert all(f"'{name}'" in night_sql for name in new_files)
    assert not any(f"'{p.name}'" in night_sql for p in web_files[:-2])
    incremental = _checksums(warehouse)
    with duckdb.connect(str(warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        # five minutes after an event of that day on the same device: it joins that event's session
        keys = con.execute(
            "select event_id, session_key from intermediate.int_events_sessionised where event_id in (?, 'late-1')",
            [row["event_id"]],
        ).fetchall()
    assert len(keys) == 2 and keys[0][1] == keys[1][1], keys

    _dbt(warehouse, "build", *SELECTION, "--full-refresh")
    assert _checksums(warehouse) == incremental


def test_an_incremental_run_after_a_file_was_ingested_again_stops_and_names_it(tmp_path):
    """A web export file delivered again with corrections (same name, new content) may change or
    withdraw events of days long built, which a merge by event id cannot undo. The pipeline restates
    everything then (tests/test_incremental_restate.py); a plain incremental dbt run stops before
    writing, naming the file, and --full-refresh builds the corrected tables."""
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    shutil.copytree(SAMPLE, landing, ignore=shutil.ignore_patterns("_truth"))
    (warehouse / "build").mkdir(parents=True)
    _ingest(landing, warehouse)
    _dbt(warehouse, "build", *SELECTION)  # the history

    corrected_file = sorted((landing / "web").glob("clickstream_*.csv"))[-10]
    day = pl.read_csv(corrected_file, infer_schema=False)
    withdrawn = day["event_id"][0]
    day.slice(1).write_csv(corrected_file)
    _ingest(landing, warehouse)
    log = _dbt(warehouse, "build", *SELECTION, succeeds=False)
    assert "files ingested again since" in log and corrected_file.name in log
    assert "--full-refresh" in log

    _dbt(warehouse, "build", *SELECTION, "--full-refresh")
    with duckdb.connect(str(warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        left = con.execute(
            "select count(*) from intermediate.int_events_sessionised where event_id = ?", [withdrawn]
        ).fetchone()[0]
    assert left == 0
