"""Incremental sessions (issue 18): a night that leaves a stored day with no session at all equals a
full rebuild. int_sessions replaces the days present in its new rows (delete+insert / insert_overwrite
by session_date); a restated day whose sessions are all gone must not keep its stored ones.

The story, with the real pipeline (Dagster, ingestion, dbt, DuckDB) on the small generated exports,
changed by hand: every event of 2026-09-25 is taken out of the exports but one, EMPTIED_EVENT, which
starts device EMPTIED_DEVICE's session 4.5 hours after its previous event, so 09-25 holds exactly one
session. A full build of every day but the last (10-13), then the night of 10-13, whose file brings
a late event of that device at 23:55 on 09-24 (19 days late, 13 minutes before EMPTIED_EVENT): the
session now starts on 09-24, and 09-25 has no session left. A second warehouse is built from the same
final exports in one full build; every contract table, the incremental event table and the sessions
of int_sessions must be the same."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from tests.checksums import COMPARED, night_and_full_differ
from tests.conftest import build_warehouse, once, settings_for

pytestmark = pytest.mark.e2e

NIGHT = date(2026, 10, 13)  # the small exports' last file
NIGHT_FILE = f"clickstream_{NIGHT}.csv"
EMPTIED_DAY = date(2026, 9, 25)
# the generator's: e0000001073 (device v00000246) at 00:07:57 on 09-25, the device's previous event at
# 19:31 the day before (as tests/test_late_events.py uses it)
EMPTIED_EVENT, EMPTIED_DEVICE = "e0000001073", "v00000246"
LATE_AT = "2026-09-24T23:55:00.000Z"
# int_sessions' sessions; its empty-day rows (no session_key) mark restated days and are no sessions
SESSIONS = "(select * from intermediate.int_sessions where session_key is not null)"


def _empty_the_day(web: Path) -> pl.DataFrame:
    """Take every event of EMPTIED_DAY but EMPTIED_EVENT out of the exports; returns that event."""
    kept = None
    for path in sorted(web.glob("clickstream_*.csv")):
        rows = pl.read_csv(path, infer_schema=False)
        on_day = pl.col("event_at").str.starts_with(str(EMPTIED_DAY))
        if (rows["event_id"] == EMPTIED_EVENT).any():
            kept = rows.filter(pl.col("event_id") == EMPTIED_EVENT)
        rows.filter(~on_day | (pl.col("event_id") == EMPTIED_EVENT)).write_csv(path)
    assert kept is not None and kept.select("anonymous_id", "event_at").row(0) == (
        EMPTIED_DEVICE,
        "2026-09-25T00:07:57.294Z",
    )
    return kept


def _play(root: Path, small_landing: Path) -> None:
    landing = root / "landing"
    shutil.copytree(small_landing, landing, ignore=shutil.ignore_patterns("_truth"))
    web = landing / "web"
    kept = _empty_the_day(web)
    held_back = root / NIGHT_FILE
    shutil.move(web / NIGHT_FILE, held_back)
    build_warehouse(landing, root / "nightly")  # the history, every day before the night
    late = kept.with_columns(event_id=pl.lit("late-midnight"), event_at=pl.lit(LATE_AT), session_id=None)
    pl.concat([pl.read_csv(held_back, infer_schema=False), late]).write_csv(web / NIGHT_FILE)
    from pipeline.run import execute

    result = execute(
        NIGHT, NIGHT, settings_for(landing, root / "nightly"), instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    build_warehouse(landing, root / "full")  # the same exports, one full build


@pytest.fixture(scope="module")
def emptied_night(tmp_path_factory, small_landing) -> Path:
    return once(tmp_path_factory, "emptied-day-night", lambda root: _play(root, small_landing))


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_exports_leave_one_event_on_the_emptied_day(emptied_night):
    # the story's premise, in the full build: 09-25's only event belongs to the session of the late event
    keys = _rows(
        emptied_night / "full" / "build" / "journeys.duckdb",
        "select session_key, count(*) from intermediate.int_events_sessionised "
        f"where event_date = date '{EMPTIED_DAY}' group by all",
    )
    assert keys == [(f"{EMPTIED_DEVICE}:late-midnight", 1)]


def test_a_night_that_empties_a_day_of_sessions_equals_a_full_rebuild(emptied_night):
    assert "marts.fct_sessions" in COMPARED
    assert night_and_full_differ(emptied_night, ["intermediate.int_events_sessionised", SESSIONS]) == []


def test_the_emptied_day_has_no_session_and_the_moved_session_is_counted_once(emptied_night):
    rows = _rows(
        emptied_night / "nightly" / "journeys.duckdb",
        "select session_key, session_date, events from marts.fct_sessions "
        f"where session_date = date '{EMPTIED_DAY}' or anonymous_id = '{EMPTIED_DEVICE}' "
        f"and session_key like '%:{EMPTIED_EVENT}' or session_key like '%:late-midnight'",
    )
    # by hand: the late event and EMPTIED_EVENT, one session beginning on 09-24, none on 09-25
    assert rows == [(f"{EMPTIED_DEVICE}:late-midnight", date(2026, 9, 24), 2)]
