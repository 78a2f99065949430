"""Decisions a CX team can trust: plant a known problem with the project's generator, build the
warehouse from it, and check that the priority ranking names the journey where the problem was
planted first (and that the shipped sample, generated the same way without a plant, does not).

The plants (pipeline/sample/generator.py, PLANTS) change only the generator's step probabilities and
feedback tone; the expected journeys come from where the plant was put, not from the warehouse.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from pipeline.defs.serving.report import matrix_markdown, priority_markdown
from pipeline.report.html import gather, render

pytestmark = pytest.mark.e2e

CHECKOUT = "purchase.buy.online_checkout"
SUPPORT = "after_sales.service.support"


def _first(con: duckdb.DuckDBPyConnection, level: int, segment: str = "all") -> str:
    return con.execute(
        "select journey_node_id from marts.journey_priority_scores "
        "where journey_level = ? and segment = ? and priority_rank = 1",
        [level, segment],
    ).fetchall()[0][0]


def _row(con: duckdb.DuckDBPyConnection, node: str) -> dict:
    rel = con.execute(
        "select * from marts.journey_priority_scores where journey_node_id = ? and segment = 'all'", [node]
    )
    names = [d[0] for d in rel.description]
    return dict(zip(names, rel.fetchone(), strict=True))


@pytest.fixture(scope="module")
def planted(planted_warehouse, request):
    """A warehouse built from the sample generated with ``request.param`` planted."""
    root = planted_warehouse(request.param)
    assert (
        json.loads((root / "landing" / "_truth" / "planted.json").read_text())["plant"]["name"]
        == request.param
    )
    con = duckdb.connect(str(root / "warehouse" / "journeys.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def control(built_warehouse):
    con = duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True)
    yield con
    con.close()


def test_without_a_plant_neither_checkout_nor_support_is_first(control):
    assert _first(control, 2) != "purchase.buy"
    assert _first(control, 3) not in (CHECKOUT, SUPPORT)
    assert _first(control, 4) != f"{SUPPORT}.self_help"
    # the shipped atlas's norms hold on the normal sample: no value at risk beyond them anywhere
    beyond = control.execute(
        "select max(value_at_risk_above_norm) from marts.journey_priority_scores where segment = 'all'"
    ).fetchall()[0][0]
    assert beyond == 0


@pytest.mark.parametrize("planted", ["broken_payment"], indirect=True)
def test_a_broken_payment_step_puts_checkout_first_at_every_level(planted):
    assert _first(planted, 2) == "purchase.buy"
    assert _first(planted, 3) == CHECKOUT
    # the micro-journey where payers are lost, not the confirmation page after it
    assert _first(planted, 4) == f"{CHECKOUT}.pay"
    confirm = _row(planted, f"{CHECKOUT}.confirm")
    assert confirm["value_at_risk"] == 0 and confirm["dropped"] == 0
    pay = _row(planted, f"{CHECKOUT}.pay")
    assert pay["value_at_risk_above_norm"] > 0
    assert "value at risk beyond the norm" in pay["explanation"]


@pytest.mark.parametrize("planted", ["broken_help_article"], indirect=True)
def test_a_broken_help_article_puts_support_first(planted):
    assert _first(planted, 2) == "after_sales.service"
    assert _first(planted, 3) == SUPPORT
    assert _first(planted, 4) == f"{SUPPORT}.self_help"


def test_the_report_and_the_dagster_ui_name_the_same_journey_first(control):
    data = gather(control)
    html = render(data)
    first = data["priority"][0]
    assert first["priority_rank"] == 1
    assert f"Highest priority: <b>{first['journey_name_en']}" in html
    # the Dagster metadata tables read the same published rows: same first journey, same quadrants
    assert (
        priority_markdown(data["priority"]).splitlines()[2].startswith(f"| 1 | {first['journey_name_en']} |")
    )
    fix_first = [r["journey_name_en"] for r in data["priority"] if r["priority_quadrant"] == "fix_first"]
    matrix_row = matrix_markdown(data["priority"]).splitlines()[2]
    for name in fix_first:
        assert name in matrix_row.split("**fix first:**")[1]
