"""The engine switch (JOURNEY_ENGINE, docs/scale-out.md): the same Dagster dbt asset on Spark, where the
dbt Python models are Python steps of pipeline.spark_run. The pure parts here; the whole switch (a
Dagster run on engine spark, equal to DuckDB) in tests/test_spark_parity.py."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.defs.transform.dbt import ENGINE_TARGETS, SPARK_DBT, dbt_resource, with_unlogged_nodes
from pipeline.spark_run import _arguments, _within
from tests.conftest import settings_for


def _node(schema: str, name: str) -> dict:
    return {"resource_type": "model", "schema": schema, "name": name}


# a (Python step) -> b; c unrelated; a's test t_a
MANIFEST = {
    "nodes": {
        "model.p.up": _node("staging", "up"),
        "model.p.a": _node("scoring", "a"),
        "model.p.b": _node("marts", "b"),
        "model.p.c": _node("marts", "c"),
        "test.p.t_a": {"resource_type": "test", "schema": "scoring", "name": "t_a"},
        "seed.p.s": {"resource_type": "seed", "schema": "atlas", "name": "s"},
    },
    "child_map": {
        "seed.p.s": ["model.p.up"],
        "model.p.up": ["model.p.a", "model.p.c"],
        "model.p.a": ["model.p.b", "test.p.t_a"],
    },
}


def _names(events: list) -> list[str]:
    def name(e) -> str:
        if isinstance(e, dg.Output):
            return e.output_name
        kind = "check" if isinstance(e, dg.AssetCheckResult) else "materialization"
        return f"{kind}:{e.asset_key.to_user_string()}"

    return [name(e) for e in events]


def test_a_python_step_model_goes_before_its_first_downstream_event():
    events = [
        dg.Output(None, output_name="staging__up"),
        dg.Output(None, output_name="marts__c"),
        dg.AssetCheckResult(asset_key=dg.AssetKey(["scoring", "a"]), check_name="t_a", passed=True),
        dg.Output(None, output_name="marts__b"),
    ]
    results = [
        {"unique_id": "model.p.up", "status": "success"},
        {"unique_id": "model.p.a", "status": "success", "message": "Python step customer_value"},
        {"unique_id": "model.p.c", "status": "success"},
        {"unique_id": "model.p.b", "status": "success"},
    ]
    out = with_unlogged_nodes(events, results, MANIFEST)
    assert _names(out) == ["staging__up", "marts__c", "scoring__a", "check:scoring/a", "marts__b"]
    assert out[2].metadata["dbt_result"].text == "Python step customer_value"


def test_only_built_models_missing_from_the_log_are_added():
    events = [dg.Output(None, output_name="staging__up")]
    results = [
        {"unique_id": "model.p.up", "status": "success"},  # logged already
        {"unique_id": "model.p.a", "status": "error"},  # failed: not materialised
        {"unique_id": "test.p.t_a", "status": "pass"},  # a test
        {"unique_id": "model.p.c", "status": "success"},  # nothing downstream logged: at the end
    ]
    assert _names(with_unlogged_nodes(events, results, MANIFEST)) == ["staging__up", "marts__c"]


def test_spark_run_reads_the_command_line_dagster_gives_dbt():
    # what dagster-dbt starts its "dbt executable" with on a full run: build, the asset selection and
    # the asset's own exclusion, the profile target
    args = _arguments(["build", "--exclude", "test_type:unit", "--select", "fqn:*", "--target", "spark"])
    assert (args.select, args.exclude, args.full_refresh) == (["fqn:*"], ["test_type:unit"], False)
    # a subset: the model names in one token
    args = _arguments(["build", "--select", "fct_a fct_b", "--target", "spark", "--full-refresh"])
    assert (args.select, args.full_refresh) == (["fct_a", "fct_b"], True)
    assert _arguments([]).command == "build"  # python -m pipeline.spark_run


def test_a_stage_runs_the_selection_within_it():
    assert _within(["fqn:*"], []) == []  # everything
    assert _within([], ["clv_fit+"]) == ["clv_fit+"]
    assert _within(["a", "b"], []) == ["a", "b"]
    # (a ∪ b) ∩ (x+ ∪ y+): every pair, dbt's comma intersection
    assert _within(["a", "b"], ["x+", "y+"]) == ["a,x+", "a,y+", "b,x+", "b,y+"]


def test_the_engine_switch_is_the_dbt_resource_and_the_build_file(tmp_path: Path):
    duck = settings_for(tmp_path / "landing", tmp_path / "wh")
    spark = settings_for(tmp_path / "landing", tmp_path / "wh", JOURNEY_ENGINE="spark")
    assert (dbt_resource(duck).target, Path(dbt_resource(duck).dbt_executable).name) == ("build", "dbt")
    assert (dbt_resource(spark).target, dbt_resource(spark).dbt_executable) == ("spark", str(SPARK_DBT))
    assert ENGINE_TARGETS == {"duckdb": "build", "spark": "spark"}
    assert duck.build_db == tmp_path / "wh" / "build" / "journeys.duckdb"
    assert spark.build_db == tmp_path / "wh" / "spark" / "journeys.duckdb"


def test_a_model_outside_the_selection_is_a_materialization_not_an_output():
    # a subset run selected b only; the Python step of a wrote a as well
    events = [dg.Output(None, output_name="marts__b")]
    results = [
        {"unique_id": "model.p.a", "status": "success"},
        {"unique_id": "model.p.b", "status": "success"},
    ]
    out = with_unlogged_nodes(events, results, MANIFEST, selected={"marts__b"})
    assert _names(out) == ["materialization:scoring/a", "marts__b"]
    # materialised already (by dagster-dbt, outside the selection): not again
    assert _names(with_unlogged_nodes(out, results, MANIFEST, selected={"marts__b"})) == _names(out)


def test_a_seed_built_but_missing_from_the_log_goes_before_its_first_downstream_event():
    # run_results.json reports the seed loaded; dbt's log line for it was lost
    events = [dg.Output(None, output_name="staging__up")]
    results = [
        {"unique_id": "seed.p.s", "status": "success"},
        {"unique_id": "model.p.up", "status": "success"},
    ]
    assert _names(with_unlogged_nodes(events, results, MANIFEST)) == ["atlas__s", "staging__up"]
