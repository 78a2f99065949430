"""The funnel SQL of the dbt models (compiled by dbt, run by DuckDB) against the plain-Python
definition in tests/reference/funnel.py, and both against ClickHouse's windowFunnel (chDB) where
ClickHouse can express the configuration, on random event sets (hypothesis).

Compiling once and executing the compiled model SQL keeps each example at milliseconds; the models
are the real ones (int_funnel_step_events and int_funnel_exclusion_events select the entries,
int_funnel_chains builds the chains). Events straddle a month boundary, so strict order is checked per
person and month of the step-1 event, as the models read it."""

from datetime import datetime, timedelta

import chdb
import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dbt_sql import compiled_models
from tests.reference.funnel import earliest_chain, levels_per_start, longest_chain_level, window_funnel

MAX_STEPS = 4
T0 = datetime(2026, 10, 31, 23, 59, 50)  # events at 0..30 s: October up to 9 s, November from 10 s
MODELS = ("int_funnel_step_events", "int_funnel_exclusion_events", "int_funnel_chains")


def period_of(t: int) -> int:
    return (T0 + timedelta(seconds=t)).month


@pytest.fixture(scope="module")
def compiled_sql(tmp_path_factory) -> dict[str, str]:
    return compiled_models(
        MODELS, tmp_path_factory.mktemp("dbt_target"), dbt_vars=f"{{funnel_max_steps: {MAX_STEPS}}}"
    )


def run_model(compiled_sql, events, window, strict, limits, use_exclusions) -> dict[str, int]:
    """events: (person, event_id, second, kind); kind 0 = no funnel step, 1..4 = step, 5..7 = the
    exclusion touchpoint after step kind - 4 (an ordinary event when use_exclusions is false)."""
    con = duckdb.connect()  # in-memory: its catalog is "memory", as the SQL was compiled for
    for schema in ("marts", "atlas", "intermediate"):
        con.execute(f"create schema {schema}")
    con.execute(
        "create table intermediate.int_events_stitched (person_key varchar, event_id varchar, event_at timestamp, "
        "channel varchar, touchpoint_id varchar)"
    )
    con.execute(
        "create table atlas.atlas_funnel_steps (funnel_id varchar, step_number int, touchpoint_id varchar, "
        "max_seconds_from_previous bigint)"
    )
    con.execute(
        "create table atlas.atlas_funnels (funnel_id varchar, window_seconds int, strict_order boolean)"
    )
    con.execute(
        "create table atlas.atlas_funnel_exclusions (funnel_id varchar, after_step_number int, touchpoint_id varchar)"
    )
    con.executemany(
        "insert into atlas.atlas_funnel_steps values ('f', ?, ?, ?)",
        [(k, f"tp{k}", limits.get(k)) for k in range(1, MAX_STEPS + 1)],
    )
    con.execute("insert into atlas.atlas_funnels values ('f', ?, ?)", [window, strict])
    if use_exclusions:
        con.executemany(
            "insert into atlas.atlas_funnel_exclusions values ('f', ?, ?)",
            [(k, f"x{k}") for k in range(1, MAX_STEPS)],
        )
    touchpoint = {0: "other", **{k: f"tp{k}" for k in range(1, 5)}, **{k: f"x{k - 4}" for k in range(5, 8)}}
    if events:
        con.executemany(
            "insert into intermediate.int_events_stitched values (?, ?, ?, 'web', ?)",
            [(p, e, T0 + timedelta(seconds=t), touchpoint[s]) for p, e, t, s in events],
        )
    for model in MODELS[:2]:
        con.execute(f"create table intermediate.{model} as {compiled_sql[model]}")
    rows = con.sql(
        f"select start_event_id, level_reached from ({compiled_sql['int_funnel_chains']})"
    ).fetchall()
    con.close()
    return dict(rows)


def clickhouse_levels(events, window, strict) -> dict[tuple[str, int], int]:
    """windowFunnel(window[, 'strict_order']) per person and period, on the period's entries: its
    step-1 events and the later steps' events from the period's start on (only funnel step events)."""
    values = []
    for person in sorted({p for p, _, _, _ in events}):
        mine = [(t, s) for p, _, t, s in events if p == person and 1 <= s <= MAX_STEPS]
        for period in sorted({period_of(t) for t, s in mine if s == 1}):
            values += [
                f"('{person}|{period}', {t}, {s})"
                for t, s in mine
                if (s == 1 and period_of(t) == period) or (s > 1 and period_of(t) >= period)
            ]
    if not values:
        return {}
    mode = ", 'strict_order'" if strict else ""
    conditions = ", ".join(f"s = {k}" for k in range(1, MAX_STEPS + 1))
    query = (
        f"SELECT grp, windowFunnel({window}{mode})(t, {conditions}) FROM values('grp String, t UInt32, s UInt8', "
        f"{', '.join(values)}) GROUP BY grp FORMAT CSV"
    )
    levels = {}
    for line in chdb.query(query).bytes().decode().splitlines():
        group, level = line.rsplit(",", 1)
        person, period = group.strip('"').split("|")
        levels[(person, int(period))] = int(level)
    return levels


events_strategy = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2"]),
        st.integers(min_value=0, max_value=30),  # seconds: a small range, so ties and window bounds happen
        st.integers(min_value=0, max_value=7),  # 0 = no funnel step, 1..4 = step, 5..7 = exclusion touchpoint
    ),
    max_size=16,
)
limits_strategy = st.one_of(
    st.just({}),
    st.fixed_dictionaries({k: st.sampled_from([None, 0, 2, 5]) for k in range(2, MAX_STEPS + 1)}),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    events=events_strategy,
    window=st.sampled_from([0, 3, 10, 30]),
    strict=st.booleans(),
    limits=limits_strategy,
    use_exclusions=st.booleans(),
)
def test_funnel_model_matches_the_reference_and_window_funnel(
    compiled_sql, events, window, strict, limits, use_exclusions
):
    rows = [(person, f"e{i:03d}", t, kind) for i, (person, t, kind) in enumerate(events)]
    got = run_model(compiled_sql, rows, window, strict, limits, use_exclusions)
    expected = {}
    for person in ("p1", "p2"):
        entries = [(t, e, s) for p, e, t, s in rows if p == person and 1 <= s <= MAX_STEPS]
        exclusions = [(t, s - 4) for p, _, t, s in rows if p == person and s >= 5] if use_exclusions else []
        expected.update(
            levels_per_start(
                entries, window, strict, limits, exclusions, period_of=period_of, steps=MAX_STEPS
            )
        )
    assert got == expected

    if any(v is not None for v in limits.values()) or use_exclusions:
        return  # not expressible in windowFunnel: the reference is the oracle
    for person in ("p1", "p2"):
        entries = [(t, e, s) for p, e, t, s in rows if p == person and 1 <= s <= MAX_STEPS]
        for start in (e for e in entries if e[2] == 1):  # earliest candidate = longest chain
            assert len(earliest_chain(start, entries, window, {})) == longest_chain_level(
                start, entries, window
            )
    best: dict[tuple[str, int], int] = {}
    for person, event_id, t, kind in rows:
        if kind == 1:
            key = (person, period_of(t))
            best[key] = max(best.get(key, 0), got[event_id])
    assert best == clickhouse_levels(rows, window, strict)


def test_reference_on_hand_checked_cases():
    """The reference itself, on cases worked out by hand (so a bug in it cannot hide behind the
    property test): ties, window bound, strict order as windowFunnel reads it, limits, exclusions."""
    assert levels_per_start([(0, "a", 1), (0, "b", 2), (0, "c", 3)], 10, False) == {"a": 3}
    assert levels_per_start([(0, "a", 1), (5, "b", 2), (10, "c", 3)], 10, False) == {"a": 3}
    assert levels_per_start([(0, "a", 1), (5, "b", 2), (11, "c", 3)], 10, False) == {"a": 2}
    assert levels_per_start([(0, "a", 1), (1, "x", 3), (2, "b", 2), (3, "c", 3)], 10, True) == {"a": 1}
    assert levels_per_start([(0, "a", 1), (1, "x", 3), (2, "b", 2), (3, "c", 3)], 10, False) == {"a": 3}
    assert levels_per_start([(5, "b", 2), (6, "a", 1)], 10, False) == {"a": 1}
    # strict: equal timestamps in step order, not event-id order (e1 = step 2, e2 = step 1)
    assert levels_per_start([(0, "e1", 2), (0, "e2", 1)], 10, True) == {"e2": 2}
    # strict: A B B C D and A B A C D reach 4 (a repeated step or a re-entry is no interruption)
    abbcd = [(0, "a", 1), (1, "b", 2), (2, "b2", 2), (3, "c", 3), (4, "d", 4)]
    assert levels_per_start(abbcd, 10, True) == {"a": 4}
    abacd = [(0, "a", 1), (1, "b", 2), (2, "a2", 1), (3, "c", 3), (4, "d", 4)]
    assert levels_per_start(abacd, 10, True) == {"a": 4, "a2": 1}
    assert window_funnel(abbcd, 10, True, 4) == (4, None)
    assert window_funnel([(0, "a", 1), (1, "c", 3), (2, "b", 2)], 10, True, 3) == (1, (1, "c", 3))
    # strict: a stop in one period does not reach the next (period = the hundreds here)
    two_periods = [(90, "a", 1), (95, "c", 3), (105, "a2", 1), (106, "b", 2), (107, "c2", 3)]
    assert levels_per_start(two_periods, 30, True, period_of=lambda t: t // 100) == {"a": 1, "a2": 3}
    # limit: step 2 at most 5 s after step 1, inclusive; the earliest candidate decides
    assert levels_per_start([(0, "a", 1), (5, "b", 2)], 60, False, {2: 5}) == {"a": 2}
    assert levels_per_start([(0, "a", 1), (6, "b", 2), (7, "c", 3)], 60, False, {2: 5}) == {"a": 1}
    assert levels_per_start([(0, "a", 1), (1, "b", 2), (4, "b2", 2), (8, "c", 3)], 60, False, {3: 4}) == {
        "a": 2
    }
    # exclusions after step 1: strictly between the steps; to the window's end (inclusive) if step 2 is missing
    steps = [(0, "a", 1), (10, "b", 2)]
    assert levels_per_start(steps, 60, False, exclusions=[(0, 1)]) == {"a": 2}
    assert levels_per_start(steps, 60, False, exclusions=[(10, 1)]) == {"a": 2}
    assert levels_per_start(steps, 60, False, exclusions=[(5, 1)]) == {}
    assert levels_per_start(steps, 60, False, exclusions=[(5, 2)]) == {"a": 2}
    assert levels_per_start([(0, "a", 1)], 60, False, exclusions=[(60, 1)]) == {}
    assert levels_per_start([(0, "a", 1)], 60, False, exclusions=[(61, 1)]) == {"a": 1}
