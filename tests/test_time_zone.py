"""Dates do not depend on the host's time zone: the same exports built by a run whose processes have
TZ=Europe/Berlin (the pipeline, dbt and every DuckDB connection they open) and by one with TZ=UTC give
identical event dates, session dates, funnel months and daily KPI dates — UTC dates, as
docs/definitions.md defines them — and identical contract tables. DuckDB takes its TimeZone setting
from the host (TZ) when a connection opens, so every connection pins it to UTC."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from pipeline.defs.serving.assets import CONTRACT_TABLES
from tests.checksums import table_checksums
from tests.conftest import PROJECT_ROOT

DATES = {
    "event dates": "select event_date, count(*) from marts.fct_journey_events group by all order by all",
    "session dates": "select session_date, count(*) from marts.fct_sessions group by all order by all",
    "funnel months": """select funnel_id, period_month, step_number, sum(reached)::bigint
        from marts.fct_funnel_steps group by all order by all""",
    "KPI dates": """select kpi_date, sum(sessions)::bigint from marts.fct_touchpoint_kpis_daily
        group by all order by all""",
}


@pytest.fixture(scope="module")
def landing(small_night):
    """The small exports with the midnight events (tests.pipeline_runs.MIDNIGHT)."""
    return small_night.landing


@pytest.fixture(scope="module")
def builds(small_night):
    out = {}
    for tz in ("UTC", "Europe/Berlin"):
        result, warehouse = small_night(tz)
        assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
        out[tz] = warehouse / "journeys.duckdb"
    return out


@pytest.mark.e2e
def test_the_exports_have_events_whose_date_differs_in_berlin(landing):
    """Else the tests below could not fail: events from 22:00 UTC fall on the next day in Berlin, and
    those late on 30 September in the next month."""
    events = pl.concat(
        pl.read_csv(p, columns=["event_at"]) for p in sorted((landing / "web").glob("*.csv"))
    ).select(at=pl.col("event_at").str.to_datetime(time_zone="UTC"))
    berlin = events["at"].dt.convert_time_zone("Europe/Berlin")
    assert (events["at"].dt.date() != berlin.dt.date()).sum() > 0
    assert (events["at"].dt.month() != berlin.dt.month()).sum() > 0


@pytest.mark.e2e
def test_berlin_and_utc_hosts_build_the_same_dates(builds):
    got = {}
    for tz, path in builds.items():
        with duckdb.connect(str(path), read_only=True) as con:
            got[tz] = {name: con.sql(sql).fetchall() for name, sql in DATES.items()}
    differing = [name for name in DATES if got["Europe/Berlin"][name] != got["UTC"][name]]
    assert differing == []


@pytest.mark.e2e
def test_berlin_and_utc_hosts_build_the_same_contract_tables(builds):
    tables = [f"marts.{t}" for t in CONTRACT_TABLES]
    assert table_checksums(builds["Europe/Berlin"], tables) == table_checksums(builds["UTC"], tables)


def test_the_connection_helper_pins_utc_on_a_berlin_host():
    code = (
        'from pipeline.duckdb_connect import connect; con = connect(); print(con.sql("select '
        "current_setting('TimeZone'), cast(timestamptz '2026-09-30 22:40:00+00' as date)\").fetchall())"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT), "TZ": "Europe/Berlin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('UTC', datetime.date(2026, 9, 30))]"


def test_every_duckdb_connection_of_the_pipeline_goes_through_the_helper():
    direct = [
        f"{path.relative_to(PROJECT_ROOT)}:{n}"
        for path in sorted((PROJECT_ROOT / "pipeline").rglob("*.py"))
        if path.name != "duckdb_connect.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bduckdb\.connect\(", line)
    ]
    assert direct == []
