"""The serving contract is defined once, in the dbt yml (`contract: {enforced: true}`), and read from the
manifest; docs/bi.md lists the same tables for BI users, and every contract column has a type."""

import json
import re

from pipeline.defs.serving.assets import CONTRACT_TABLES, DBT_MANIFEST, contract_tables
from tests.conftest import PROJECT_ROOT


def documented_contract_tables() -> list[str]:
    text = (PROJECT_ROOT / "docs" / "bi.md").read_text(encoding="utf-8")
    section = text.split("## The contract tables", 1)[1].split("\n## ", 1)[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
    return [name for line in bullets for name in re.findall(r"`(\w+)`", line)]


def test_the_contract_tables_from_the_manifest_are_the_ones_docs_bi_lists():
    documented = documented_contract_tables()
    assert len(documented) == len(set(documented)), "docs/bi.md lists a table twice"
    assert sorted(contract_tables()) == sorted(documented)
    assert sorted(CONTRACT_TABLES) == sorted(documented)


def test_every_contract_column_has_a_data_type():
    nodes = json.loads(DBT_MANIFEST.read_text(encoding="utf-8"))["nodes"].values()
    contracted = [n for n in nodes if n["resource_type"] == "model" and n["name"] in CONTRACT_TABLES]
    assert len(contracted) == len(CONTRACT_TABLES)
    untyped = [
        f"{n['name']}.{c}" for n in contracted for c, col in n["columns"].items() if not col.get("data_type")
    ]
    assert untyped == []


def test_a_model_without_an_enforced_contract_is_not_served(tmp_path):
    """A hand-made manifest: a marts model without a contract and a contracted model of another schema
    are left out; the contracted marts models come in folder order."""
    model = {"resource_type": "model", "schema": "marts", "config": {"contract": {"enforced": True}}}
    nodes = {
        "model.p.b": {**model, "name": "b", "fqn": ["p", "marts", "value", "b"]},
        "model.p.a": {**model, "name": "a", "fqn": ["p", "marts", "core", "a"]},
        "model.p.c": {
            **model,
            "name": "c",
            "fqn": ["p", "marts", "core", "c"],
            "config": {"contract": {"enforced": False}},
        },
        "model.p.d": {**model, "name": "d", "fqn": ["p", "staging", "d"], "schema": "staging"},
        "test.p.e": {
            "resource_type": "test",
            "name": "e",
            "schema": "marts",
            "fqn": ["p", "e"],
            "config": {},
        },
    }
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": nodes}))
    assert contract_tables(manifest) == ("a", "b")
