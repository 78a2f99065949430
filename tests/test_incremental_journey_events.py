"""A night changes events of days long built in ways that do not change how many events of those days
reach fct_journey_events — and the incremental mart must still equal a full rebuild.

The story, with the real pipeline on the small generated exports: a full build of every day but the
last, then the night of the last day, whose file brings three events of days long before the lookback
(incremental_lookback_days, 3), none of them at an atlas touchpoint, and one corrected copy:
- **a session starts earlier**: a `scroll` (no touchpoint) 10 minutes before the first event of a
  session of 09-26: that session's key (device and first event) changes for all its touchpoint events;
- **a device is identified late**: a `scroll` of 09-27 carrying a customer id, on a device that was never
  identified and was last seen on 09-28: all its events become the customer's;
- **a corrected copy**: an event of 09-25 delivered again in the night's file with another event name
  (`view_cart` instead of a product page view), so it moves to another touchpoint; the later copy wins
  (staging's rule), no full refresh (the earlier file is unchanged).
On each of those days the number of touchpoint events stays the same. A second warehouse is built from the
same final exports in one full build; every contract table and the incremental event tables must be the
same. The rows come from the deterministic generator (tests.pipeline_runs.SMALL); the asserts below pin
what this test relies on."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.checksums import night_and_full_differ
from tests.conftest import night_beside_full_build, once

pytestmark = pytest.mark.e2e

NIGHT = date(2026, 10, 13)  # the small exports' last file
SESSION_DAY, IDENTIFIED_DAY, CORRECTED_DAY = date(2026, 9, 26), date(2026, 9, 27), date(2026, 9, 25)
DEVICE = "v00000017"  # never identified; events from 09-19 to 09-28 (checked below)
CUSTOMER = "C0000270"


def _web(web: Path) -> pl.DataFrame:
    frame = pl.concat([pl.read_csv(p, infer_schema=False) for p in sorted(web.glob("*.csv"))])
    return frame.with_columns(ts=pl.col("event_at").str.to_datetime(time_zone="UTC"))


def _stamp(ts) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def session_start(web: pl.DataFrame) -> dict:
    """The first event of a session on SESSION_DAY whose device was quiet for more than 40 minutes
    before it (so a `scroll` 10 minutes earlier starts the session, and joins no earlier one)."""
    ordered = web.sort("anonymous_id", "ts").with_columns(previous=pl.col("ts").shift(1).over("anonymous_id"))
    starts = ordered.filter(
        (pl.col("ts").dt.date() == SESSION_DAY)
        & (pl.col("ts").dt.hour() >= 1)
        & (pl.col("previous").is_null() | ((pl.col("ts") - pl.col("previous")) > timedelta(minutes=40)))
    ).sort("event_id")
    assert len(starts) > 0
    return starts.row(0, named=True)


def corrected_event(web: pl.DataFrame) -> dict:
    """A product page view (touchpoint by `/p/%`) of CORRECTED_DAY."""
    views = web.filter(
        (pl.col("ts").dt.date() == CORRECTED_DAY)
        & (pl.col("event_name") == "page_view")
        & pl.col("page_path").str.starts_with("/p/")
    ).sort("event_id")
    assert len(views) > 0
    return views.row(0, named=True)


def planted_rows(web_dir: Path) -> pl.DataFrame:
    web = _web(web_dir)
    device = web.filter(pl.col("anonymous_id") == DEVICE)
    assert device["customer_id"].drop_nulls().is_empty()
    assert device["ts"].max().date() == date(2026, 9, 28) and len(device) == 14  # the generator's
    start = session_start(web)
    corrected = corrected_event(web)
    template = web.row(0, named=True)
    blank = dict.fromkeys(template, None) | {"channel": "web", "device": "desktop", "dwell_seconds": "5"}
    rows = [
        blank
        | {
            "event_id": "late-scroll-session",
            "event_at": _stamp(start["ts"] - timedelta(minutes=10)),
            "anonymous_id": start["anonymous_id"],
            "event_name": "scroll",
            "page_path": "/about",
        },
        blank
        | {
            "event_id": "late-scroll-login",
            "event_at": f"{IDENTIFIED_DAY}T12:00:00.000Z",
            "anonymous_id": DEVICE,
            "customer_id": CUSTOMER,
            "event_name": "scroll",
            "page_path": "/about",
        },
        {k: v for k, v in corrected.items()} | {"event_name": "view_cart", "page_path": "/cart"},
    ]
    return pl.DataFrame(rows, schema={c: pl.String for c in template} | {"ts": web.schema["ts"]}).drop("ts")


@pytest.fixture(scope="module")
def changed_night(tmp_path_factory, small_landing) -> Path:
    return once(
        tmp_path_factory,
        "changed-old-days-night",
        lambda root: night_beside_full_build(root, small_landing, NIGHT, planted_rows),
    )


def test_a_night_that_changes_old_days_without_changing_their_counts_equals_a_full_rebuild(changed_night):
    assert (
        night_and_full_differ(
            changed_night,
            ["staging.stg_web__events", "intermediate.int_events_sessionised", "marts.fct_journey_events"],
        )
        == []
    )


def test_the_planted_changes_reach_the_journey_events(changed_night, small_landing):
    web = _web(small_landing / "web")
    start, corrected = session_start(web), corrected_event(web)
    with duckdb.connect(str(changed_night / "nightly" / "journeys.duckdb"), read_only=True) as con:
        session_key = con.execute(
            "select session_key from marts.fct_journey_events where event_id = ?", [start["event_id"]]
        ).fetchone()[0]
        device_customers = con.execute(
            "select distinct customer_id from marts.fct_journey_events where anonymous_id = ?", [DEVICE]
        ).fetchall()
        touchpoint = con.execute(
            "select touchpoint_id from marts.fct_journey_events where event_id = ?", [corrected["event_id"]]
        ).fetchone()[0]
    assert session_key.endswith(":late-scroll-session"), session_key
    assert device_customers == [(CUSTOMER,)]
    assert touchpoint == "cart"
