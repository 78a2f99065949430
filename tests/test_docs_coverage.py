"""Every model and every column it builds is described in the dbt yml: the descriptions are the
documentation BI users read (persisted as comments in the DuckDB file) and the Dagster UI shows."""

import json

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT

MANIFEST = PROJECT_ROOT / "dbt_project" / "target" / "manifest.json"


def _models() -> list[dict]:
    nodes = json.loads(MANIFEST.read_text(encoding="utf-8"))["nodes"].values()
    return [n for n in nodes if n["resource_type"] == "model"]


def test_every_model_has_a_description():
    undescribed = sorted(n["name"] for n in _models() if not n["description"].strip())
    assert undescribed == []


@pytest.mark.e2e
def test_every_built_column_is_described(built_warehouse):
    con = duckdb.connect(str(built_warehouse / "build" / "journeys.duckdb"), read_only=True)
    try:
        missing = []
        for node in _models():
            built = con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [node["schema"], node["alias"]],
            ).fetchall()
            described = {name for name, col in node["columns"].items() if col["description"].strip()}
            missing += [f"{node['name']}.{c}" for (c,) in built if c not in described]
        assert missing == []
    finally:
        con.close()


def test_every_singular_test_with_several_parents_names_its_asset():
    """Else dagster-dbt logs it as an observation, not a check, and warns at every run."""
    nodes = json.loads(MANIFEST.read_text(encoding="utf-8"))["nodes"].values()
    unnamed = [
        n["name"]
        for n in nodes
        if n["resource_type"] == "test"
        and not n.get("test_metadata")
        and len(set(n["depends_on"]["nodes"])) > 1
        and not (n["config"].get("meta") or {}).get("dagster", {}).get("ref")
    ]
    assert unnamed == []
