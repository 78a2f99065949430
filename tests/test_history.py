"""Snapshots of journey_priority_scores and dim_customer_value per as-of date (marts.*_history):
dbt runs on a copy of the sample warehouse with other JOURNEY_AS_OF dates. A second date adds a
snapshot and leaves the first as it was; rerunning a date replaces its snapshot (no duplicates); a
full refresh keeps the history."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.e2e
HISTORIES = {
    "journey_priority_scores": ("journey_node_id", "segment"),
    "dim_customer_value": ("customer_id",),
}
# the sample's web events end on 2026-10-31: the build of the session fixture is that date's snapshot
LATEST, EARLIER = date(2026, 10, 31), date(2026, 10, 24)


@pytest.fixture(scope="module")
def warehouse_copy(built_warehouse, tmp_path_factory) -> Path:
    build = tmp_path_factory.mktemp("history") / "journeys.duckdb"
    shutil.copy(built_warehouse / "build" / "journeys.duckdb", build)
    return build


def _dbt(build: Path, raw: Path, target: Path, *args: str, as_of: date | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JOURNEY_AS_OF"}
    env.update(JOURNEY_BUILD_DB=str(build), JOURNEY_RAW_DIR=str(raw), PYTHONPATH=str(PROJECT_ROOT))
    if as_of:
        env["JOURNEY_AS_OF"] = as_of.isoformat()
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *args,
            "--profiles-dir",
            ".",
            "--target-path",
            str(target),
        ],
        cwd=PROJECT_ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _snapshot(con, table: str, as_of: date) -> list[tuple]:
    keys = ", ".join(HISTORIES[table])
    return con.sql(f"""
        select * exclude (as_of_date) from marts.{table}_history where as_of_date = '{as_of}' order by {keys}
    """).fetchall()


def _current(con, table: str) -> list[tuple]:
    keys = ", ".join(HISTORIES[table])
    return con.sql(f"select * from marts.{table} order by {keys}").fetchall()


def test_as_of_dates_give_snapshots_and_reruns_replace_them(warehouse_copy, built_warehouse, tmp_path):
    raw = built_warehouse / "raw"
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        for table in HISTORIES:
            dates = con.sql(f"select distinct as_of_date from marts.{table}_history").fetchall()
            assert dates == [(LATEST,)], table
            assert _snapshot(con, table, LATEST) == _current(con, table), table
        before = {table: _snapshot(con, table, LATEST) for table in HISTORIES}

    # the value chain again for an earlier as-of date: scores, CLV and both histories
    select = ("--select", "int_priority_window+", "int_orders_for_clv+", "--exclude", "test_type:unit")
    _dbt(warehouse_copy, raw, tmp_path / "run1", "run", *select, as_of=EARLIER)
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        for table in HISTORIES:
            counts = dict(
                con.sql(f"select as_of_date, count(*) from marts.{table}_history group by all").fetchall()
            )
            assert set(counts) == {LATEST, EARLIER}, table
            assert _snapshot(con, table, EARLIER) == _current(con, table), table
            assert _snapshot(con, table, LATEST) == before[table], table
        earlier = {table: _snapshot(con, table, EARLIER) for table in HISTORIES}
        # the earlier date sees fewer orders: customer value differs between the two snapshots
        assert earlier["dim_customer_value"] != before["dim_customer_value"]

    # the same date again: replaced, not duplicated
    _dbt(warehouse_copy, raw, tmp_path / "run2", "run", *select, as_of=EARLIER)
    # a full refresh of the histories keeps every snapshot (full_refresh: false)
    _dbt(
        warehouse_copy,
        raw,
        tmp_path / "run3",
        "run",
        "--full-refresh",
        "--select",
        "journey_priority_scores_history",
        "dim_customer_value_history",
        as_of=EARLIER,
    )
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        for table in HISTORIES:
            counts = dict(
                con.sql(f"select as_of_date, count(*) from marts.{table}_history group by all").fetchall()
            )
            assert counts == {LATEST: len(before[table]), EARLIER: len(earlier[table])}, table
            assert _snapshot(con, table, EARLIER) == earlier[table], table
            assert _snapshot(con, table, LATEST) == before[table], table
