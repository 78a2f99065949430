"""How far back a night's logins reach: on a built warehouse (``benchmarks.scale --keep``), the devices
first identified on the last day of the data (a login stitches their whole history to the customer,
int_identity_map) and the earlier days their events lie on. Those are the days a mart holding the
person of each event (fct_journey_events, and the distinct visitors of fct_touchpoint_kpis_daily) must
restate in that night if it were incremental by day.

    python -m benchmarks.rekey_reach BUILD_FILE
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

# the last day of the data and the devices first identified on it
LAST_DAY_LOGINS = """
with last_day as (
    select max(event_date) as day from staging.stg_web__events
),

identified_last_day as (
    select anonymous_id
    from intermediate.int_identity_map, last_day
    where cast(identified_at as date) = last_day.day
),
"""

REACH = (
    LAST_DAY_LOGINS
    + """

history as (
    select events.anonymous_id, events.event_date
    from staging.stg_web__events as events
    inner join identified_last_day using (anonymous_id)
)

select
    (select count(*) from identified_last_day) as devices_identified,
    count(distinct history.anonymous_id) filter (where history.event_date < last_day.day) as with_earlier_days,
    count(*) filter (where history.event_date < last_day.day) as earlier_events,
    count(distinct history.event_date) filter (where history.event_date < last_day.day) as earlier_days_touched,
    (select count(distinct event_date) from staging.stg_web__events, last_day as d where event_date < d.day)
        as earlier_days,
    (select count(*) from staging.stg_web__events) as events
from history, last_day
"""
)


# the daily touchpoint KPI groups (date, touchpoint, channel, segment) those earlier events move
# between: before the login they counted under 'anonymous' (int_person_segments), now under the
# customer's segment; a distinct count of persons must recount both groups from all of their events
GROUPS = (
    LAST_DAY_LOGINS
    + """

moved as (
    select events.event_date, events.touchpoint_id, events.channel, events.segment
    from marts.fct_journey_events as events
    inner join identified_last_day using (anonymous_id), last_day
    where events.event_date < last_day.day
),

touched as (
    select distinct event_date, touchpoint_id, channel, segment from moved
    union
    select distinct event_date, touchpoint_id, channel, 'anonymous' from moved
)

select
    (select count(*) from touched) as kpi_groups_to_recount,
    (select count(distinct (event_date, touchpoint_id, channel, segment)) from marts.fct_journey_events, last_day
        where event_date < last_day.day) as earlier_kpi_groups,
    (select count(*) from marts.fct_journey_events as events
        inner join touched using (event_date, touchpoint_id, channel, segment)) as events_in_those_groups,
    (select count(*) from marts.fct_journey_events) as journey_events
"""
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("build_file", type=Path)
    args = parser.parse_args(argv)
    with duckdb.connect(str(args.build_file), read_only=True) as con:
        for sql in (REACH, GROUPS):
            row = con.execute(sql).fetchone()
            for name, value in zip([d[0] for d in con.description], row, strict=True):
                print(f"{name}: {value:,}")


if __name__ == "__main__":
    main()
