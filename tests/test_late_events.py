"""Late data is never silently lost: a night's export that carries events older than the lookback
(incremental_lookback_days, 3) restates those days, so the night's warehouse equals a full rebuild of
the same exports, and audit.late_events counts the events per file and event day.

The story, with the real pipeline (Dagster, ingestion, dbt, DuckDB) on the small generated exports:
a full build of every day but the last, then the night of the last day, whose file brings four
planted events of days long built: three on 2026-10-01 (12 days late) and one at 23:55 on
2026-09-24 (19 days late) five minutes before a device's session that began just after midnight,
so the late event also moves that session's start (and key) back into 09-24 — the day after the
late day must be restated too. A second warehouse is built from the same final exports in one full
build; every contract table (and the incremental event table) must be the same."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.defs.serving.assets import CONTRACT_TABLES
from tests.checksums import night_and_full_differ
from tests.conftest import night_beside_full_build, once

pytestmark = pytest.mark.e2e

NIGHT = date(2026, 10, 13)  # the small exports' last file (late app events of 10-12)
NIGHT_FILE = f"clickstream_{NIGHT}.csv"
# the planted truth: (day, events) late in NIGHT_FILE, by hand
LATE_DAY, LATE_EVENTS = date(2026, 10, 1), 3
# e0000001073 (v00000246) starts a session at 2026-09-25T00:07:57Z, its previous event is at 19:31
# the day before: a late event at 23:55 on 09-24 is 13 minutes before it and starts that session
MIDNIGHT_EVENT, MIDNIGHT_DAY = "e0000001073", date(2026, 9, 24)


def _late_rows(web: Path) -> pl.DataFrame:
    day = pl.read_csv(web / f"clickstream_{LATE_DAY}.csv", infer_schema=False)
    # events of that day before 23:00 (the file also holds late app events of the day before)
    picked = day.filter(
        pl.col("anonymous_id").is_not_null()
        & pl.col("event_at").str.starts_with(str(LATE_DAY))
        & (pl.col("event_at").str.slice(11, 2) < "23")
    ).head(LATE_EVENTS)
    assert len(picked) == LATE_EVENTS
    shifted = (picked["event_at"].str.to_datetime(time_zone="UTC") + timedelta(minutes=5)).dt.strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    late = picked.with_columns(
        event_id=pl.Series([f"late-{i}" for i in range(LATE_EVENTS)]), event_at=shifted
    )
    source = pl.read_csv(web / f"clickstream_{MIDNIGHT_DAY + timedelta(days=1)}.csv", infer_schema=False)
    midnight = source.filter(pl.col("event_id") == MIDNIGHT_EVENT)
    assert midnight["event_at"].to_list() == ["2026-09-25T00:07:57.294Z"]  # the generator's
    midnight = midnight.with_columns(
        event_id=pl.lit("late-midnight"), event_at=pl.lit(f"{MIDNIGHT_DAY}T23:55:00.000Z")
    )
    return pl.concat([late, midnight])


def _play(root: Path, small_landing: Path) -> None:
    result = night_beside_full_build(root, small_landing, NIGHT, _late_rows)
    from pipeline.cli_output import summary_lines
    from pipeline.run_console import run_summary

    summary = run_summary(result, NIGHT, NIGHT, 0.0, root / "night.log", CONTRACT_TABLES)
    (root / "night_summary").write_text("\n".join(summary_lines(summary)))


@pytest.fixture(scope="module")
def late_night(tmp_path_factory, small_landing) -> Path:
    return once(tmp_path_factory, "late-night", lambda root: _play(root, small_landing))


def test_a_night_with_events_older_than_the_lookback_equals_a_full_rebuild(late_night):
    assert (
        night_and_full_differ(late_night, ["staging.stg_web__events", "intermediate.int_events_sessionised"])
        == []
    )


def test_the_late_events_reach_the_marts_in_their_sessions(late_night):
    with duckdb.connect(str(late_night / "nightly" / "build" / "journeys.duckdb"), read_only=True) as con:
        keys = dict(
            con.execute(
                "select event_id, session_key from intermediate.int_events_sessionised "
                "where event_id in (?, 'late-midnight')",
                [MIDNIGHT_EVENT],
            ).fetchall()
        )
    with duckdb.connect(str(late_night / "nightly" / "journeys.duckdb"), read_only=True) as con:
        sessions = con.execute(
            "select count(*) from marts.fct_sessions where session_key = ?", [keys.get("late-midnight")]
        ).fetchone()[0]
    # the session of 09-25 now starts with the late event of 09-24 (key: device and first event)
    assert keys.get(MIDNIGHT_EVENT) == keys.get("late-midnight") and sessions == 1, keys
    assert keys["late-midnight"].endswith(":late-midnight")


def test_late_events_are_counted_per_file_and_day_in_the_audit(late_night):
    with duckdb.connect(str(late_night / "nightly" / "journeys.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select source_file, event_date, days_late, late_events, events_in_warehouse "
            "from audit.late_events where beyond_lookback order by event_date"
        ).fetchall()
    assert rows == [
        (NIGHT_FILE, MIDNIGHT_DAY, 19, 1, 1),
        (NIGHT_FILE, LATE_DAY, 12, LATE_EVENTS, LATE_EVENTS),
    ]


def test_the_night_summary_names_the_late_events(late_night):
    lines = (late_night / "night_summary").read_text().splitlines()
    late = [x for x in lines if x.startswith("late ")]
    assert late == [
        f"late       {LATE_EVENTS + 1} events older than the lookback in 1 file: their days restated "
        "(audit.late_events)"
    ]
