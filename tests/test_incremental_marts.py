"""Incremental marts (issue 18, part 1): a night equals a full rebuild although identity and segments
move under sessions built long ago.

The story, with the real pipeline (Dagster, ingestion, dbt, DuckDB) on the shipped sample exports
(2026-08-03 to 10-31; the last file, 11-01, is left out): a full build of every day before the night,
then the night of 2026-10-31 (Dagster's window, so the models restate from 10-28), whose exports bring

- a login of customer LOGIN_CUSTOMER on LOGIN_DEVICE, a device seen anonymously from 2026-08-03 to
  09-19 and never identified (the exports' truth, checked below): its sessions of August and September,
  far outside the night's days, now belong to that customer, with the customer's segment;
- a CRM re-delivery moving SEGMENT_CUSTOMER, who has sessions in the night's window and before it,
  from its segment to another.

A second warehouse is built from the same final exports in one full build. Expected values come from
that full build: every contract table of the published file and the incremental session table must be
the same; the checks of the story itself (the device re-keyed, the segment moved) read the exports."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from tests.checksums import COMPARED, night_and_full_differ
from tests.conftest import SAMPLE, build_warehouse, once, settings_for

pytestmark = pytest.mark.e2e

NIGHT = date(2026, 10, 31)
LEFT_OUT = "clickstream_2026-11-01.csv"  # the sample's last file: four late events of 10-31, not needed
LOGIN_DEVICE, LOGIN_CUSTOMER = "v00000010", "C0000029"
SEGMENT_CUSTOMER = "C0000027"
INCREMENTAL = [
    "staging.stg_web__events",
    "intermediate.int_events_sessionised",
    "intermediate.int_sessions",
]


def _web(landing: Path) -> pl.DataFrame:
    return pl.concat(
        [
            pl.read_csv(path, infer_schema=False)
            for path in sorted((landing / "web").glob("clickstream_*.csv"))
        ]
    )


def _login_row(web: pl.DataFrame) -> dict:
    device = web.filter(pl.col("anonymous_id") == LOGIN_DEVICE)
    # the exports' truth: a months-old device history that no event identifies
    assert device["customer_id"].null_count() == len(device) > 10
    assert device["event_at"].min().startswith("2026-08-03") and device["event_at"].max() < "2026-09-20"
    last = device.sort("event_at").row(-1, named=True)
    return {
        **last,
        "event_id": "night-login",
        "event_at": f"{NIGHT}T12:00:00.000Z",
        "customer_id": LOGIN_CUSTOMER,
        "session_id": None,
        "event_name": "login",
    }


def _segment_change(landing: Path) -> str:
    customers = pl.read_csv(landing / "crm" / "customers.csv", infer_schema=False)
    row = customers.filter(pl.col("customer_id") == SEGMENT_CUSTOMER)
    old = row["segment"][0]
    new = next(s for s in sorted(customers["segment"].drop_nulls().unique()) if s != old)
    row.with_columns(segment=pl.lit(new)).write_csv(landing / "crm" / "customers_update.csv")
    return new


def _play(root: Path) -> None:
    landing = root / "landing"
    shutil.copytree(SAMPLE, landing, ignore=shutil.ignore_patterns("_truth", LEFT_OUT))
    web = landing / "web"
    night_file = web / f"clickstream_{NIGHT}.csv"
    held_back = root / night_file.name
    shutil.move(night_file, held_back)
    build_warehouse(landing, root / "nightly")  # the history, every day before the night

    night = pl.read_csv(held_back, infer_schema=False)
    login = pl.DataFrame([_login_row(_web(landing))], schema={c: pl.String for c in night.columns})
    pl.concat([night, login]).write_csv(night_file)
    (root / "new_segment").write_text(_segment_change(landing))
    from pipeline.run import execute

    result = execute(
        NIGHT, NIGHT, settings_for(landing, root / "nightly"), instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    build_warehouse(landing, root / "full")  # the same exports, one full build


@pytest.fixture(scope="module")
def rekey_night(tmp_path_factory) -> Path:
    return once(tmp_path_factory, "rekey-night", _play)


def test_a_night_with_a_login_and_a_segment_change_equals_a_full_rebuild(rekey_night):
    assert "marts.fct_sessions" in COMPARED
    assert night_and_full_differ(rekey_night, INCREMENTAL) == []


def _sessions(rekey_night: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(rekey_night / "nightly" / "journeys.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_the_login_rekeys_the_device_sessions_of_months_ago(rekey_night):
    device_events = _web(rekey_night / "landing").filter(pl.col("anonymous_id") == LOGIN_DEVICE)
    with duckdb.connect(str(rekey_night / "nightly" / "build" / "journeys.duckdb"), read_only=True) as con:
        keys = sorted(
            {
                k
                for (k,) in con.execute(
                    "select session_key from intermediate.int_events_sessionised where event_id in "
                    "(select unnest(?))",
                    [device_events["event_id"].to_list()],
                ).fetchall()
            }
        )
    rows = _sessions(
        rekey_night,
        "select person_key, customer_id, min(session_date), count(*) from marts.fct_sessions "
        "where session_key in (select unnest(?)) group by all",
        keys,
    )
    # every one of the device's old sessions, back to 2026-08-03, now belongs to the customer
    assert len(keys) > 1 and rows == [(LOGIN_CUSTOMER, LOGIN_CUSTOMER, date(2026, 8, 3), len(keys))]


def test_the_segment_change_reaches_old_and_new_sessions(rekey_night):
    new = (rekey_night / "new_segment").read_text()
    rows = _sessions(
        rekey_night,
        "select segment, session_date >= ? as in_window, count(*) from marts.fct_sessions "
        "where person_key = ? group by all order by all",
        date(2026, 10, 28),
        SEGMENT_CUSTOMER,
    )
    assert [(segment, in_window) for segment, in_window, _ in rows] == [(new, False), (new, True)]
