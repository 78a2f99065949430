"""The funnel SQL of the dbt models (compiled by dbt, run by DuckDB) against the plain-Python
definition in tests/reference/funnel.py, on random event sets (hypothesis).

Compiling once and executing the compiled model SQL keeps each example at milliseconds; the models
are the real ones (int_funnel_step_events numbers the entries, int_funnel_chains builds the chains)."""

from datetime import datetime, timedelta

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dbt_sql import compiled_models
from tests.reference.funnel import levels_per_start

MAX_STEPS = 4
T0 = datetime(2026, 10, 1, 10, 0, 0)


@pytest.fixture(scope="module")
def compiled_sql(tmp_path_factory) -> dict[str, str]:
    return compiled_models(
        ("int_funnel_step_events", "int_funnel_chains"),
        tmp_path_factory.mktemp("dbt_target"),
        dbt_vars=f"{{funnel_max_steps: {MAX_STEPS}}}",
    )


def run_model(compiled_sql, events, window, strict) -> dict[str, int]:
    con = duckdb.connect()  # in-memory: its catalog is "memory", as the SQL was compiled for
    for schema in ("marts", "atlas", "intermediate"):
        con.execute(f"create schema {schema}")
    con.execute(
        "create table intermediate.int_events_stitched (person_key varchar, event_id varchar, event_at timestamp, "
        "channel varchar, touchpoint_id varchar)"
    )
    con.execute(
        "create table atlas.atlas_funnel_steps (funnel_id varchar, step_number int, touchpoint_id varchar)"
    )
    con.execute(
        "create table atlas.atlas_funnels (funnel_id varchar, window_seconds int, strict_order boolean)"
    )
    con.executemany(
        "insert into atlas.atlas_funnel_steps values ('f', ?, ?)",
        [(k, f"tp{k}") for k in range(1, MAX_STEPS + 1)],
    )
    con.execute("insert into atlas.atlas_funnels values ('f', ?, ?)", [window, strict])
    if events:
        con.executemany(
            "insert into intermediate.int_events_stitched values (?, ?, ?, 'web', ?)",
            [(p, e, T0 + timedelta(seconds=t), f"tp{s}" if s else "other") for p, e, t, s in events],
        )
    con.execute(
        f"create table intermediate.int_funnel_step_events as {compiled_sql['int_funnel_step_events']}"
    )
    rows = con.sql(
        f"select start_event_id, level_reached from ({compiled_sql['int_funnel_chains']})"
    ).fetchall()
    con.close()
    return dict(rows)


events_strategy = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2"]),
        st.integers(min_value=0, max_value=30),  # seconds: a small range, so ties and window bounds happen
        st.integers(min_value=0, max_value=MAX_STEPS),  # 0 = an event that is no funnel step
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=events_strategy, window=st.sampled_from([0, 3, 10, 30]), strict=st.booleans())
def test_funnel_model_matches_the_reference_definition(compiled_sql, events, window, strict):
    rows = [(person, f"e{i:03d}", t, step) for i, (person, t, step) in enumerate(events)]
    got = run_model(compiled_sql, rows, window, strict)
    expected = {}
    for person in ("p1", "p2"):
        entries = [(t, e, s) for p, e, t, s in rows if p == person and s]
        expected.update(levels_per_start(entries, window, strict))
    assert got == expected


def test_reference_on_hand_checked_cases():
    """The reference itself, on cases worked out by hand (so a bug in it cannot hide behind the
    property test): ties, window bound, strict interruption."""
    assert levels_per_start([(0, "a", 1), (0, "b", 2), (0, "c", 3)], 10, False) == {"a": 3}
    assert levels_per_start([(0, "a", 1), (5, "b", 2), (10, "c", 3)], 10, False) == {"a": 3}
    assert levels_per_start([(0, "a", 1), (5, "b", 2), (11, "c", 3)], 10, False) == {"a": 2}
    assert levels_per_start([(0, "a", 1), (1, "x", 3), (2, "b", 2), (3, "c", 3)], 10, True) == {"a": 1}
    assert levels_per_start([(0, "a", 1), (1, "x", 3), (2, "b", 2), (3, "c", 3)], 10, False) == {"a": 3}
    assert levels_per_start([(5, "b", 2), (6, "a", 1)], 10, False) == {"a": 1}
