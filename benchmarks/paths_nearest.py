"""The nearest-touch step of the journey paths (int_journey_path_steps since the paths model was split;
int_journey_path_sequences when this was measured) on a built warehouse: the two running windows
it had (one sort of the anchor-and-touch stream per direction) against the one ordering with RANGE
frames it has now, timed alternately, and the two compared anchor by anchor.

    python -m benchmarks.paths_nearest WAREHOUSE_BUILD_FILE [--repeats 3]

Run on the kept 10M-event warehouse (benchmarks.scale --keep): results in
benchmarks/results/paths_nearest_10M_*.txt and docs/benchmarks.md. The SQL is the model's `nearest`
CTE written out before and after the change (a measurement of one change, not a second home of it).
"""

from __future__ import annotations

import argparse
import statistics
import time

import duckdb

PREPARE = """
create or replace temp table numbered as
select person_key, touch_id, occurred_at, touchpoint_id,
    row_number() over (partition by person_key order by occurred_at, touch_id) as touch_seq
from w.intermediate.int_journey_touches;
create or replace temp table stream as
select person_key, anchor_type, anchor_id, anchor_at as stream_at, 1 as is_anchor,
    cast(null as bigint) as touch_seq
from w.intermediate.int_path_anchors
union all
select person_key, null, null, occurred_at, 0, touch_seq from numbered;
"""
TWO_SORTS = """
select person_key, anchor_type, anchor_id, is_anchor,
    min(touch_seq) over (partition by person_key order by stream_at desc, is_anchor desc
        rows between unbounded preceding and current row) as first_after_seq,
    max(touch_seq) over (partition by person_key order by stream_at asc, is_anchor desc
        rows between unbounded preceding and current row) as last_before_seq
from stream"""
ONE_SORT = """
select person_key, anchor_type, anchor_id, is_anchor,
    coalesce(max(touch_seq) over (partition by person_key order by stream_at
        range between unbounded preceding and current row), 0) + 1 as first_after_seq,
    coalesce(min(touch_seq) over (partition by person_key order by stream_at
        range between current row and unbounded following) - 1,
        max(touch_seq) over (partition by person_key order by stream_at
        range between unbounded preceding and unbounded following)) as last_before_seq
from stream"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("build_file")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    con = duckdb.connect()
    con.execute(f"attach '{args.build_file}' as w (read_only)")
    con.execute("set memory_limit = '4GB'; set threads = 2")
    con.execute(PREPARE)
    print("stream rows:", con.execute("select count(*) from stream").fetchone()[0])
    times: dict[str, list[float]] = {"two_sorts": [], "one_sort": []}
    for _ in range(args.repeats):
        for name, sql in (("two_sorts", TWO_SORTS), ("one_sort", ONE_SORT)):
            started = time.perf_counter()
            con.execute(f"create or replace temp table r_{name} as select * from ({sql}) where is_anchor = 1")
            times[name].append(time.perf_counter() - started)
            print(f"{name}: {times[name][-1]:.2f} s", flush=True)
    # the same touch is found: a missing touch is null before and 0 / past the person's last touch now
    differ = con.execute("""
        select count(*) from r_two_sorts as a
        join r_one_sort as b using (person_key, anchor_type, anchor_id)
        left join (select person_key, max(touch_seq) as touches from numbered group by 1) as n using (person_key)
        where coalesce(a.first_after_seq, -1) <> case when b.first_after_seq > coalesce(n.touches, 0)
                then -1 else b.first_after_seq end
            or coalesce(a.last_before_seq, 0) <> b.last_before_seq""").fetchone()[0]
    anchors = [con.execute(f"select count(*) from r_{n}").fetchone()[0] for n in times]
    print(f"anchors {anchors[0]} / {anchors[1]}, anchors whose nearest touches differ: {differ}")
    a, b = (statistics.median(times[n]) for n in times)
    print(f"median two sorts {a:.2f} s, one sort {b:.2f} s, ratio {b / a:.2f} ({args.repeats} runs each)")


if __name__ == "__main__":
    main()
