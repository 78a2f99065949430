"""The Dagster UI explains itself: what the UI is sent for the code location (the repository snapshot
of pipeline.definitions) has an owner on every asset, a description on every check, the layers as
groups, no empty or unserializable metadata and freshness policies on the serving assets; and a run
records numeric row counts and KPIs on its materializations, so the UI plots them across runs."""

from __future__ import annotations

import os
import re
import subprocess

import dagster as dg
import duckdb
import pytest
from dagster._core.definitions.metadata.metadata_value import NullMetadataValue, ObjectMetadataValue
from dagster._core.remote_representation.external_data import RepositorySnap

from tests.conftest import PROJECT_ROOT, settings_for

LAYER_GROUPS = {"ingest", "staging", "intermediate", "scoring", "marts", "audit", "serving"}
SEED_GROUP = "atlas"  # the journey atlas (seeds), published as schema atlas


@pytest.fixture(scope="module")
def snap() -> RepositorySnap:
    from pipeline.definitions import defs

    return RepositorySnap.from_def(defs.get_repository_def())


def _bad_metadata(metadata) -> list[str]:
    bad = []
    for key, value in (metadata or {}).items():
        shown = getattr(value, "value", value)
        if isinstance(value, ObjectMetadataValue) or "(unserializable)" in str(shown):
            bad.append(f"{key}: {shown}")
        elif isinstance(shown, str) and not shown.strip():
            bad.append(f"{key}: empty")
        elif shown is None and not isinstance(value, NullMetadataValue):
            bad.append(f"{key}: None")
    return bad


def test_every_asset_has_an_owner(snap):
    without = [n.asset_key.to_user_string() for n in snap.asset_nodes if not n.owners]
    assert len(snap.asset_nodes) > 60
    assert without == []


def test_every_check_says_what_it_checks(snap):
    checks = list(snap.asset_check_nodes)
    assert len(checks) > 60
    without = [
        f"{c.asset_key.to_user_string()}:{c.name}" for c in checks if not (c.description or "").strip()
    ]
    assert without == []
    by_name = {(c.asset_key.to_user_string(), c.name): c.description for c in checks}
    # written by hand from the dbt yml and the suite file, not by the code that builds them
    assert by_name[("marts/fct_sessions", "not_null_fct_sessions_session_key")].startswith(
        "not_null on fct_sessions.session_key: every row has a session_key."
    )
    assert by_name[
        (
            "marts/dim_customer_value",
            "accepted_values_dim_customer_value_service_tier__premium__digital_plus__automated",
        )
    ].startswith(
        "accepted_values on dim_customer_value.service_tier: service_tier is one of premium, digital_plus, automated."
    )
    singular = by_name[("marts/dim_customer_value", "assert_service_tier_reason_names_the_tier")]
    assert "Every tier_reason starts with the customer's tier" in singular
    gx = by_name[("raw/crm_cases", "great_expectations_crm_cases_suite_passes")]
    assert "- `case_id` is unique" in gx and "- `handle_minutes` lies between 0 and 1440" in gx


def test_groups_are_the_layers(snap):
    groups: dict[str, list[str]] = {}
    for node in snap.asset_nodes:
        groups.setdefault(node.group_name, []).append(node.asset_key.to_user_string())
    assert set(groups) == LAYER_GROUPS | {SEED_GROUP}
    names = lambda group: [k.split("/")[-1] for k in groups[group]]  # noqa: E731
    assert all(n.startswith("stg_") for n in names("staging"))
    assert all(n.startswith("int_") for n in names("intermediate"))
    assert all(n.startswith("atlas_") for n in names(SEED_GROUP))
    assert sorted(groups["audit"]) == [
        "audit/dq_behaviour_checks",
        "audit/ingestion_log",
        "audit/late_events",
        "audit/quarantined_rows",
        "audit/runs",
    ]
    assert all(k.startswith("marts/") for k in groups["marts"])
    assert {"scoring/journey_priority", "scoring/clv_fit"} <= set(groups["scoring"])
    assert sorted(groups["serving"]) == ["serving/journey_report", "serving/journeys_duckdb"]


def test_no_empty_or_unserializable_metadata(snap):
    # (the UI is sent no metadata of checks' definitions, only of assets)
    bad = [f"{n.asset_key.to_user_string()} {b}" for n in snap.asset_nodes for b in _bad_metadata(n.metadata)]
    assert bad == []
    # descriptions: no empty code block (seeds have no SQL) and no dbt placeholder
    for node in snap.asset_nodes:
        text = node.description or ""
        assert text.strip(), node.asset_key
        assert not re.search(r"```\w*\s*```", text), node.asset_key
        assert not text.startswith(("dbt seed ", "dbt model ")), node.asset_key
    project = next(n for n in snap.asset_nodes if n.asset_key == dg.AssetKey(["marts", "fct_sessions"]))
    assert str(project.metadata["dagster_dbt/project"].value).endswith("dbt_project")


def test_audit_runs_belongs_to_the_code_location(snap):
    node = next(n for n in snap.asset_nodes if n.asset_key == dg.AssetKey(["audit", "runs"]))
    assert node.is_materializable and node.op_names  # an asset the publish step materializes


def test_serving_assets_have_freshness_policies(snap):
    fresh = {n.asset_key.to_user_string() for n in snap.asset_nodes if n.freshness_policy is not None}
    assert {"serving/journeys_duckdb", "serving/journey_report", "audit/runs"} <= fresh


def test_definitions_validate():
    done = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.mark.e2e
def test_a_run_records_numbers_on_materializations(small_landing, tmp_path):
    """A run of the small sample: the materializations (not observations) of the tables carry their row
    count as an int, and the priority scores carry value at risk per journey; both equal what the
    published file holds, read here with plain SQL."""
    from pipeline.run import execute, resolve_window

    warehouse = tmp_path / "warehouse"
    settings = settings_for(small_landing, warehouse)
    result = execute(*resolve_window(None, None, settings), settings, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    materialized = {
        e.asset_key.to_user_string(): e.event_specific_data.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    with duckdb.connect(str(warehouse / "journeys.duckdb"), read_only=True) as con:
        for table in (
            "marts/fct_sessions",
            "marts/journey_priority_scores",
            "atlas/atlas_journeys",
            "audit/runs",
        ):
            count = materialized[table]["dagster/row_count"]
            assert isinstance(count, dg.IntMetadataValue), table
            schema, name = table.split("/")
            assert count.value == con.execute(f"select count(*) from {schema}.{name}").fetchall()[0][0] > 0
        published = con.execute(
            "select journey_node_id, value_at_risk from marts.journey_priority_scores "
            "where segment = 'all' and journey_level = 2"
        ).fetchall()
    scores = materialized["marts/journey_priority_scores"]
    assert [v for _, v in published if v is not None]
    for node, value_at_risk in published:
        if value_at_risk is None:  # a journey without an outcome has no value at risk: no (empty) entry
            assert f"value_at_risk/{node}" not in scores
            continue
        assert isinstance(scores[f"value_at_risk/{node}"], dg.FloatMetadataValue)
        assert scores[f"value_at_risk/{node}"].value == pytest.approx(float(value_at_risk))
