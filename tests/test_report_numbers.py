"""The report's numbers against independent sources: what the page shows (parsed from the HTML the
serving asset wrote) is compared with SQL on the finer-grained rows of the built warehouse (segment rows
summed, not the 'all' rows the report reads), with the ranking the funnel must add up to, with the atlas
seed files, and with the generator's planted problem.

A planted broken payment step (pipeline/sample/generator.py PLANTS) must show up in the drill-down of
the first journey as the funnel step with the largest value at risk: which step that is comes from
the plant's changed step probability, not from the warehouse.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.sample.generator import PLANTED_FUNNELS, PLANTS
from tests.conftest import PROJECT_ROOT, SAMPLE

pytestmark = pytest.mark.e2e

ATLAS = PROJECT_ROOT / "seeds" / "atlas"


def _seed(name: str) -> list[dict]:
    with (ATLAS / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _articles(html: str) -> list[tuple[str, str]]:
    """(journey node id, article html) of each drill-down, in page order."""
    return re.findall(r'<article class="drilldown" id="drilldown-([^"]+)">(.*?)</article>', html, re.S)


def _svg_texts(svg: str) -> list[str]:
    """The full text of each SVG label (the title where the visible text is shortened)."""
    found = re.findall(r"(?:<g><title>([^<]*)</title>)?<text[^>]*>([^<]*)</text>", svg)
    return [unescape(title or shown) for title, shown in found]


def _page_funnel(article: str) -> dict[int, dict]:
    """Per step number: people reached, drop-off % and value at risk as printed in the funnel chart."""
    svg = re.search(r'<svg class="chart funnel".*?</svg>', article, re.S)
    assert svg, "no funnel chart in the drill-down"
    steps: dict[int, dict] = {}
    current = None
    for text in _svg_texts(svg.group(0)):
        if m := re.match(r"^(\d+)\. ", text):
            current = int(m.group(1))
            steps[current] = {"label": text}
        elif current and (m := re.match(r"^([\d,]+) people$", text)):
            steps[current]["reached"] = int(m.group(1).replace(",", ""))
        elif current and (m := re.match(r"^([\d.]+) % dropped · ([\d,]+) (\w{3})( ◀ largest)?$", text)):
            steps[current].update(
                drop_pct=float(m.group(1)),
                value_at_risk=int(m.group(2).replace(",", "")),
                currency=m.group(3),
                largest=bool(m.group(4)),
            )
    return steps


def _window_steps(con: duckdb.DuckDBPyConnection, funnel_id: str) -> dict[int, dict]:
    """The funnel's steps over the priority window, summed here over the segment rows (not the 'all'
    row the report reads)."""
    rows = con.execute(
        """
        select step_number, sum(reached), sum(dropped), sum(value_at_risk)
        from marts.fct_priority_funnel_steps where funnel_id = ? and segment <> 'all'
        group by step_number order by step_number
        """,
        [funnel_id],
    ).fetchall()
    return {s: {"reached": r, "dropped": d, "value_at_risk": v} for s, r, d, v in rows}


def _check_drilldowns(con: duckdb.DuckDBPyConnection, html: str) -> list[tuple[str, str]]:
    top = [
        r[0]
        for r in con.execute(
            "select journey_node_id from marts.journey_priority_scores "
            "where segment = 'all' and journey_level = 2 order by priority_rank, journey_node_id limit 3"
        ).fetchall()
    ]
    articles = _articles(html)
    assert [node for node, _ in articles] == top
    outcome = {r["node_id"]: r["outcome_funnel_id"] for r in _seed("atlas_journeys")}
    micro = {r["touchpoint_id"]: r["micro_journey_id"] for r in _seed("atlas_touchpoints")}
    for node, article in articles:
        funnel_id = outcome[node]
        if not funnel_id:
            assert "No outcome funnel defined" in article
        else:
            assert f"<small>({funnel_id})</small>" in article
            page = _page_funnel(article)
            truth = _window_steps(con, funnel_id)
            assert sorted(page) == sorted(truth)
            # the drill-down adds up to the ranking: the journey's dropped and value at risk
            # (journey_priority_scores) are the sums over the steps of its funnel that lie in it
            own_steps = {
                int(r["step_number"])
                for r in _seed("atlas_funnel_steps")
                if r["funnel_id"] == funnel_id
                and (micro[r["touchpoint_id"]] == node or micro[r["touchpoint_id"]].startswith(node + "."))
            }
            dropped, at_risk = con.execute(
                "select dropped, value_at_risk from marts.journey_priority_scores "
                "where journey_node_id = ? and segment = 'all'",
                [node],
            ).fetchone()
            assert dropped == sum(truth[s]["dropped"] for s in own_steps), node
            assert at_risk == pytest.approx(sum(truth[s]["value_at_risk"] for s in own_steps)), node
            for step, t in truth.items():
                assert page[step]["reached"] == t["reached"], (node, step)
                if "value_at_risk" in page[step]:  # every step but the outcome step
                    assert page[step]["value_at_risk"] == round(t["value_at_risk"]), (node, step)
                    assert page[step]["drop_pct"] == round(100 * t["dropped"] / t["reached"], 1), (node, step)
                    assert page[step]["currency"] == "EUR"
            worst = max(
                (s for s in truth if "value_at_risk" in page[s]), key=lambda s: truth[s]["value_at_risk"]
            )
            # the page marks the largest value at risk only where there is one (anonymous drop-offs: 0)
            expected = [worst] if truth[worst]["value_at_risk"] > 0 else []
            assert [s for s in page if page[s].get("largest")] == expected, node
        # its own pain points: feedback at the touchpoints of this journey (atlas), most mentioned first
        touchpoints = [tp for tp, m in micro.items() if m == node or m.startswith(node + ".")]
        marks = ", ".join("?" for _ in touchpoints)
        expected = con.execute(
            f"""
            select aspect, mentions from marts.fct_pain_gain_points
            where polarity = 'pain' and touchpoint_id in ({marks})
            order by mentions desc, avg_sentiment, touchpoint_id, aspect limit 5
            """,
            touchpoints,
        ).fetchall()
        table = re.search(r'<table class="pain-points">(.*?)</table>', article, re.S)
        if not expected:  # a journey whose touchpoints have no pain points says so
            assert table is None and "No pain points" in article, node
            continue
        shown = re.findall(
            r"<tr><td>[^<]*</td><td>([^<]*)</td><td class=\"num\">([\d,]+)</td>", table.group(1)
        )
        assert [(unescape(a), int(m.replace(",", ""))) for a, m in shown] == expected, node
    return articles


@pytest.fixture(scope="module")
def control(built_warehouse):
    con = duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True)
    yield con, (built_warehouse / "journey_report.html").read_text(encoding="utf-8")
    con.close()


def test_drilldowns_show_the_top_journeys_with_their_own_funnel_and_pain_points(control):
    con, html = control
    articles = _check_drilldowns(con, html)
    # the shipped sample: "Get help after buying" is first, and its funnel is the support funnel
    assert articles[0][0] == "after_sales.service" and "(support_resolution)" in articles[0][1]


def test_segment_view_shows_each_segments_own_score(control):
    con, html = control
    table = re.search(r'<table class="segments">(.*?)</table>', html, re.S).group(1)
    headers = [unescape(h) for h in re.findall(r"<th[^>]*>([^<]*)</th>", table)][1:]
    names = {r["segment"]: r["name_en"] for r in _seed("atlas_segments")} | {"all": "All customers"}
    for row in re.findall(r"<tr><td>(.*?)</tr>", table, re.S):
        journey = unescape(row.split("</td>", 1)[0])
        node = con.execute(
            "select journey_node_id from marts.dim_journeys where journey_level = 2 and ? like name_en || '%'",
            [journey],
        ).fetchall()[0][0]
        cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
        assert len(cells) == len(headers)
        for header, cell in zip(headers, cells, strict=True):
            segment = next(s for s, n in names.items() if n == header)
            expected = con.execute(
                "select priority_score, priority_rank from marts.journey_priority_scores "
                "where journey_level = 2 and journey_node_id = ? and segment = ?",
                [node, segment],
            ).fetchall()
            if not expected:
                assert cell.strip() == "–"
                continue
            score, rank = expected[0]
            assert cell.startswith(f"<b>{score:,.1f}</b> (#{rank})"), (node, segment, cell)


def _table_cells(section: str, css_class: str) -> list[list[str]]:
    table = re.search(rf'<table class="{css_class}">(.*?)</table>', section, re.S)
    assert table, css_class
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
        if "<td" in row
    ]


def _num(text: str) -> float:
    return float(text.replace("−", "-").replace("+", "").replace("±", "").replace(",", ""))


def test_learned_phrases_and_emerging_topics_are_the_mart_rows(control):
    """The report's learned pain/gain phrases and emerging topics against the marts the sample run filled:
    the rows are selected and ordered here in Python (not vetoed, pain or gain; surest first; topics no
    curated aspect covers, most items this period first), and every number on the page must be its row's."""
    con, html = control
    section = re.search(r'<section id="sentiment">.*?</section>', html, re.S).group(0)
    learned = con.execute(
        "select polarity, language, phrase, support, score_shift, shift_ci_low, shift_ci_high "
        "from marts.fct_learned_phrases where not vetoed and polarity in ('pain', 'gain')"
    ).fetchall()
    pain = sorted((r for r in learned if r[0] == "pain"), key=lambda r: (r[6], -r[3], r[1], r[2]))[:8]
    gain = sorted((r for r in learned if r[0] == "gain"), key=lambda r: (-r[5], -r[3], r[1], r[2]))[:8]
    assert pain and gain, "the sample run learned no phrase: nothing to compare"
    page = _table_cells(section, "learned-phrases")
    assert [(c[0], c[1], c[2]) for c in page] == [(r[0], r[1], r[2]) for r in pain + gain]
    for cells, row in zip(page, pain + gain, strict=True):
        assert int(cells[3].replace(",", "")) == row[3], cells
        assert _num(cells[4]) == round(row[4], 2), cells
        low, high = cells[5].split(" … ")
        assert (_num(low), _num(high)) == (round(row[5], 2), round(row[6], 2)), cells
    listed, vetoed = con.execute(
        "select count(*), count(case when vetoed then 1 end) from marts.fct_learned_phrases"
    ).fetchone()
    assert f"{listed:,} phrases, {vetoed:,} vetoed" in section

    topics = con.execute(
        "select polarity, phrase, items_this_period, items_previous_period, touchpoint_id, high_level_journey_id, "
        "language from marts.fct_emerging_topics where not covered_by_curated_aspect"
    ).fetchall()
    expected = []
    for side in ("pain", "gain"):
        rows = [r for r in topics if r[0] == side]
        expected += sorted(rows, key=lambda r: (-r[2], -(r[2] - r[3]), r[4], r[5], r[1], r[6]))[:8]
    assert expected, "the sample run found no topic outside the curated aspects: nothing to compare"
    page = _table_cells(section, "emerging-topics")
    assert [(c[0], c[1], int(c[4]), int(c[5]), int(_num(c[6]))) for c in page] == [
        (r[0], r[1], r[2], r[3], r[2] - r[3]) for r in expected
    ]


def test_period_and_units_come_from_the_data(control):
    con, html = control
    as_of = con.execute("select max(as_of_date) from marts.clv_model_params").fetchone()[0]
    first, last = con.execute(
        "select min(occurred_at), max(occurred_at) from marts.fct_journey_events"
    ).fetchone()
    start = as_of - timedelta(days=89)  # priority_window_days: 90 (dbt_project.yml), the as-of day included
    assert f"the 90 days {start.isoformat()} to {as_of.isoformat()}" in html
    assert f"the months {first:%Y-%m} to {last:%Y-%m}" in html
    assert "effort units / person" in html and "amounts in EUR" in html


def _section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">.*?</section>', html, re.S)
    assert found, f"no section {name!r} in the report"
    return found.group(0)


def _cells(row: str) -> list[str]:
    """The text of each cell of a table row, tags inside a cell (the 'why' line) dropped."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [unescape(re.sub(r"<div class=\"why\">.*?</div>|<[^>]+>", "", c)).strip() for c in cells]


def _body_rows(table: str) -> list[list[str]]:
    return [_cells(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)]


# the landing files of each raw table (pipeline/ingest/specs.py folders and patterns, sample names)
LANDING = {
    "web_events": ("web", "clickstream_*.csv"),
    "crm_customers": ("crm", "customers.csv"),
    "crm_orders": ("crm", "orders.csv"),
    "crm_cases": ("crm", "cases.csv"),
    "feedback": ("feedback", "survey_responses.csv"),
}
PLANTED_COUNT = {
    "web_events": "web_events",
    "crm_customers": "customers",
    "crm_orders": "orders",
    "crm_cases": "cases",
    "feedback": "feedback",
}


def test_quality_section_counts_the_landing_files_and_the_rows_the_generator_wrote(control):
    """Files per table counted in the landing directory, rows from the generator's own counts
    (_truth/planted.json): the sample is clean, so everything read is loaded."""
    _, html = control
    counts = json.loads((SAMPLE / "_truth" / "planted.json").read_text())["counts"]
    table = re.search(r"<table>.*?</table>", _section(html, "quality"), re.S).group(0)
    shown = {r[0]: [_number(c) for c in r[1:]] for r in _body_rows(table)}
    expected = {
        t: [len(list((SAMPLE / folder).glob(glob))), counts[PLANTED_COUNT[t]], counts[PLANTED_COUNT[t]], 0, 0]
        for t, (folder, glob) in LANDING.items()
    }
    assert shown == expected
    assert expected["web_events"][0] == counts["web_files"]
    assert "No file was rejected." in _section(html, "quality")


def test_tiers_section_puts_every_crm_customer_in_one_tier(control):
    con, html = control
    customers = pl.read_csv(SAMPLE / "crm" / "customers.csv", infer_schema=False)["customer_id"].n_unique()
    rows = _body_rows(re.search(r"<table>.*?</table>", _section(html, "tiers"), re.S).group(0))
    shown = {r[0]: (_number(r[1]), _number(r[2].removesuffix(" EUR"))) for r in rows}
    assert sum(n for n, _ in shown.values()) == customers  # every customer of the CRM export, once
    per_tier = con.execute(
        "select service_tier, count(distinct customer_id), sum(clv) from marts.dim_customer_value group by 1"
    ).fetchall()
    assert shown == {tier: (n, round(clv)) for tier, n, clv in per_tier}
    assert [r[0] for r in rows] == ["premium", "digital_plus", "automated"]  # the tiers' order of value


def test_priority_table_shows_each_journeys_numbers(control):
    """Every high-level journey of the atlas once, in rank order, with its score and rank as published
    and reach, value at risk, completion and feedback items summed here over the segment rows."""
    con, html = control
    table = re.search(
        r"<table><thead><tr><th class=\"num\">rank</th>.*?</table>", _section(html, "priority"), re.S
    )
    rows = _body_rows(table.group(0))
    level2 = {r["node_id"]: r for r in _seed("atlas_journeys") if r["level"] == "2"}
    names = {
        node: r["name_en"]
        if not r["name_de"] or r["name_de"] == r["name_en"]
        else f"{r['name_en']} ({r['name_de']})"
        for node, r in level2.items()
    }
    assert sorted(r[1] for r in rows) == sorted(names.values())
    assert [_number(r[0]) for r in rows] == list(range(1, len(level2) + 1))
    by_name = {n: node for node, n in names.items()}
    for rank, name, score, reach, at_risk, not_completed, pain, effort in (r[:8] for r in rows):
        node = by_name[name]
        published = con.execute(
            "select priority_rank, priority_score, customer_pain, service_effort_per_person "
            "from marts.journey_priority_scores where segment = 'all' and journey_node_id = ?",
            [node],
        ).fetchone()
        assert (_number(rank), float(score)) == (published[0], round(published[1], 1)), node
        summed = con.execute(
            "select sum(reach), sum(value_at_risk), sum(entered), sum(completed), sum(feedback_items) "
            "from marts.journey_priority_scores where segment <> 'all' and journey_node_id = ?",
            [node],
        ).fetchone()
        s_reach, s_risk, entered, completed, items = summed
        assert _number(reach) == s_reach, node
        if s_risk is None:  # no outcome funnel: no value at risk, no completion
            assert at_risk == not_completed == "–", node
        else:
            assert _number(at_risk.removesuffix(" EUR")) == round(s_risk), node
            assert not_completed == f"{100 * (entered - completed) / entered:.1f} %", node
        assert pain == f"{published[2]:,.2f} ({items:,})", node
        assert effort == f"{published[3]:,.2f}", node


def _planted_step(funnel_id: str, plant: str) -> tuple[int, str]:
    """The step where the plant loses people: the transition whose probability the plant lowered most
    (transition k leads from step k+1 to step k+2, so people are lost at step k+1)."""
    normal, planted = PLANTED_FUNNELS[funnel_id], PLANTS[plant].funnel_steps[funnel_id]
    k = max(range(len(normal)), key=lambda i: normal[i] - planted[i])
    step = k + 1
    touchpoint = next(
        r["touchpoint_id"]
        for r in _seed("atlas_funnel_steps")
        if r["funnel_id"] == funnel_id and int(r["step_number"]) == step
    )
    name = next(r["name_en"] for r in _seed("atlas_touchpoints") if r["touchpoint_id"] == touchpoint)
    return step, name


@pytest.fixture(scope="module")
def broken_payment(planted_warehouse):
    warehouse = planted_warehouse("broken_payment") / "warehouse"
    con = duckdb.connect(str(warehouse / "journeys.duckdb"), read_only=True)
    yield con, Path(warehouse / "journey_report.html").read_text(encoding="utf-8")
    con.close()


def test_a_broken_payment_step_is_the_largest_value_at_risk_in_the_first_drilldown(broken_payment):
    con, html = broken_payment
    step, name = _planted_step("online_checkout", "broken_payment")
    assert (step, name) == (3, "Checkout: payment")  # the plant as the generator defines it
    articles = _check_drilldowns(con, html)
    node, article = articles[0]
    assert node == "purchase.buy"
    page = _page_funnel(article)
    assert [s for s in page if page[s].get("largest")] == [step]
    assert page[step]["label"].startswith(f"{step}. {name}")
    assert re.search(rf"Most value at risk at step {step}, <b>{re.escape(name)}", article)
