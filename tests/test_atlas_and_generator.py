"""The journey atlas is consistent, and the generator is deterministic."""

import hashlib

import polars as pl

from pipeline.sample.generator import PLANTED_FUNNELS, GeneratorConfig, generate
from tests.conftest import PROJECT_ROOT

ATLAS = PROJECT_ROOT / "seeds" / "atlas"


def _read(name):
    return pl.read_csv(ATLAS / f"{name}.csv", infer_schema=False)


def test_atlas_hierarchy_is_four_levels_with_existing_parents():
    nodes = _read("atlas_journeys")
    ids = set(nodes["node_id"])
    for row in nodes.iter_rows(named=True):
        level = int(row["level"])
        assert (row["parent_id"] is None) == (level == 1)
        if level > 1:
            assert row["parent_id"] in ids and row["node_id"].startswith(row["parent_id"] + ".")
        assert row["name_en"] and row["name_de"]


def test_touchpoints_rules_and_funnels_reference_the_atlas():
    nodes = _read("atlas_journeys")
    micro = set(nodes.filter(pl.col("level") == "4")["node_id"])
    touchpoints = _read("atlas_touchpoints")
    assert set(touchpoints["micro_journey_id"]) <= micro
    assert set(_read("atlas_touchpoint_rules")["touchpoint_id"]) <= set(touchpoints["touchpoint_id"])
    steps = _read("atlas_funnel_steps")
    assert set(steps["touchpoint_id"]) <= set(touchpoints["touchpoint_id"])
    assert set(_read("atlas_funnels")["journey_node_id"]) <= set(nodes["node_id"])
    for funnel, probs in PLANTED_FUNNELS.items():  # the generator plants one probability per transition
        assert len(steps.filter(pl.col("funnel_id") == funnel)) == len(probs) + 1


def _digest(directory):
    h = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(directory).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def test_generator_is_deterministic_and_consistent(tmp_path):
    cfg = GeneratorConfig(customers=400, days=21, seed=11)
    counts_a = generate(tmp_path / "a", cfg)
    counts_b = generate(tmp_path / "b", cfg)
    assert counts_a == counts_b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    generate(tmp_path / "c", GeneratorConfig(customers=400, days=21, seed=12))
    assert _digest(tmp_path / "c") != _digest(tmp_path / "a")  # another seed, other exports
    events = pl.read_csv(tmp_path / "a" / "web" / "*.csv", infer_schema=False)
    customers = pl.read_csv(tmp_path / "a" / "crm" / "customers.csv", infer_schema=False)
    orders = pl.read_csv(tmp_path / "a" / "crm" / "orders.csv", infer_schema=False)
    assert len(events) == counts_a["web_events"] and events["event_id"].n_unique() == len(events)
    # every customer id in events and orders exists in the CRM export
    known = set(customers["customer_id"])
    assert set(events["customer_id"].drop_nulls()) <= known
    assert set(orders["customer_id"]) <= known
    # every online order is the completion of a checkout in the clickstream
    purchases = events.filter(pl.col("event_name") == "purchase")
    online = orders.filter(pl.col("channel").is_in(["web", "app"]), pl.col("ordered_at") >= "2026-10-11")
    assert len(purchases) == len(online)
