"""The journey report and its Dagster metadata, on hand-made data (the browser test renders the real
one, tests/test_report_numbers.py checks its numbers against the built warehouse)."""

import re
import warnings
from datetime import date

import duckdb
import pytest

from pipeline.config import ConfigError, load_settings
from pipeline.defs.serving.report import matrix_markdown
from pipeline.report import charts, queries
from pipeline.report.format import shorten, text_width
from pipeline.report.html import render


def _journey(name, quadrant, score):
    return {
        "journey_name_en": name,
        "journey_name_de": None,
        "priority_quadrant": quadrant,
        "priority_score": score,
    }


def test_priority_matrix_shows_each_journey_in_its_published_quadrant():
    """The Dagster matrix does not split anything itself: it places the quadrant the warehouse
    published (journey_priority_scores.priority_quadrant, rule in pipeline/value/priority.py)."""
    table = matrix_markdown(
        [
            _journey("A", "fix_first", 90),
            _journey("B", "protect_value", 60),
            _journey("C", "reduce_effort", 40),
            _journey("D", "monitor", 10),
        ]
    )
    rows = table.splitlines()
    assert rows[2] == "| **higher service effort** | C (40) | **fix first:** A (90) |"
    assert rows[3] == "| **lower service effort** | D (10) | B (60) |"


def test_report_renders_with_an_empty_warehouse():
    html = render({})
    assert "No priority scores in this warehouse." in html and "No funnels." in html
    assert "First run — no history yet" in html
    assert "<script" not in html


def test_shortening_cuts_at_a_word_boundary_and_says_so():
    # the label the old report cut mid-word: "Newsletter-Link geklic"
    assert shorten("Newsletter-Link geklickt und weiter", 22) == "Newsletter-Link…"
    assert shorten("kurz", 22) == "kurz"
    assert shorten("Ein Satz, der endet.", 19) == "Ein Satz, der…"
    assert (
        shorten("Donaudampfschifffahrtsgesellschaft", 10) == "Donaudamp…"
    )  # one long word: cut inside, marked


def _row(node, name, **extra):
    base = {
        "journey_node_id": node,
        "journey_name_en": name,
        "journey_name_de": None,
        "name": name,
        "segment": "all",
        "priority_score": 50.0,
        "priority_rank": 1,
        "priority_quadrant": "fix_first",
        "reach": 100,
        "value_at_risk": 1000.0,
        "value_at_risk_above_norm": 10.0,
        "customer_pain": 0.4,
        "service_effort_per_person": 0.2,
        "explanation": "driven by x",
        "rank_stability_spearman": 0.9,
        "non_completion_rate": 0.5,
        "feedback_items": 10,
        "outcome_description": "reaches it",
        **{f"{c}_points": 10.0 for c in charts.COMPONENTS},
    }
    return {**base, **extra}


def test_report_escapes_what_it_reads_and_keeps_full_quotes_in_a_title():
    evil = "<img src=x onerror=alert(1)>"
    quote = "Der Bezahlvorgang ist abgestürzt und " + "danach ging gar nichts mehr " * 8
    row = _row("a.b", evil)
    html = render(
        {
            "priority": [row],
            "drilldowns": [
                {
                    "journey": row,
                    "funnel": None,
                    "worst_step": None,
                    "pain_points": [
                        {
                            "touchpoint": "Pay",
                            "aspect": "payment",
                            "mentions": 3,
                            "avg_sentiment": -0.5,
                            "example_quote": quote,
                        }
                    ],
                    "gain_points": [],
                }
            ],
        },
        currency="CHF",
    )
    assert evil not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    shown = re.search(r'<span class="clipped" title="([^"]*)">([^<]*)</span>', html)
    assert shown and shown.group(2).endswith("…") and len(shown.group(2)) <= 160
    assert shown.group(1) == quote.strip() or " ".join(shown.group(1).split()) == " ".join(quote.split())
    assert "1,000 CHF" in html  # the configured currency, not a hard-coded one


def test_matrix_labels_do_not_overlap_even_for_dots_on_one_spot():
    rows = [_row(f"n{i}", f"Journey number {i}", value_at_risk=0.0, customer_pain=0.0) for i in range(8)]
    rows += [_row("far", "Far away journey", value_at_risk=5000.0, customer_pain=0.6)]
    chart = charts.priority_matrix(rows, "EUR")
    texts = [s for s in chart.shapes if s["kind"] == "text" and s["cls"] == "matrix-label"]
    assert len(texts) == len(rows)
    boxes = [(t["x"], t["y"] - 11, t["x"] + text_width(t["s"], 11), t["y"] + 3) for t in texts]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= chart.width and a[1] >= 0 and a[3] <= chart.height, texts[i]
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def _history(con, rows):
    con.execute(
        "create schema marts; create table marts.journey_priority_scores_history (as_of_date date, "
        "journey_node_id varchar, journey_level integer, segment varchar, priority_score double, "
        "priority_rank bigint, value_at_risk double)"
    )
    con.executemany(
        "insert into marts.journey_priority_scores_history values (?, ?, 2, 'all', ?, ?, ?)", rows
    )


def test_trend_reads_the_history_and_says_first_run_without_it():
    con = duckdb.connect()
    assert queries.history(con, ["a"])["available"] is False  # no table: no failure
    _history(
        con,
        [
            (date(2026, 10, 1), "a", 40.0, 2, 100.0),
            (date(2026, 10, 2), "a", 45.0, 1, 120.0),
            (date(2026, 10, 3), "a", 42.0, 2, 110.0),
            (date(2026, 10, 2), "b", 30.0, 2, 50.0),
            (date(2026, 10, 3), "b", 44.0, 1, 60.0),
        ],
    )
    h = queries.history(con, ["a", "b"])
    assert h["available"] and h["runs"] == 3 and h["previous"] == date(2026, 10, 2)
    assert h["journeys"]["a"]["scores"] == [40.0, 45.0, 42.0]
    assert h["journeys"]["a"]["score_change"] == -3.0 and h["journeys"]["a"]["rank_change"] == -1
    assert h["journeys"]["b"]["scores"] == [None, 30.0, 44.0] and h["journeys"]["b"]["score_change"] == 14.0
    html = render({"priority": [_row("a", "Alpha"), _row("b", "Beta")], "history": h})
    assert "−3.0 points" in html and "+14.0 points" in html and "First run" not in html
    assert html.count('class="chart sparkline"') == 2


def test_one_run_of_history_is_still_a_first_run():
    con = duckdb.connect()
    _history(con, [(date(2026, 10, 3), "a", 42.0, 1, 110.0)])
    h = queries.history(con, ["a"])
    assert h["available"] is False and h["runs"] == 1
    assert "First run — no history yet" in render({"history": h})


def test_report_currency_is_a_setting_with_eur_as_default():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the development-key warning
        assert load_settings({}).currency == "EUR"
        assert load_settings({"JOURNEY_CURRENCY": " chf "}).currency == "CHF"
        with pytest.raises(ConfigError, match="JOURNEY_CURRENCY"):
            load_settings({"JOURNEY_CURRENCY": "euro"})


def test_weekly_and_contact_sections_show_the_published_rows_with_units():
    """Hand-made published rows: the last complete week's step against the week before (a change of
    +8.2 percentage points, p = 0.032: significant), the top contact reason and the most frequent path
    before a contact, in touchpoint names."""
    week = {
        "period_start": date(2026, 10, 19), "period_end": date(2026, 10, 25), "iso_year": 2026, "iso_week": 43,
        "funnel_id": "f", "funnel_name": "Newsletter", "step_number": 2, "touchpoint": "Link <clicked>",
        "previous_reached_previous_step": 268, "previous_step_conversion_rate": 0.272,
        "reached_previous_step": 330, "step_conversion_rate": 0.354, "step_conversion_change": 0.082,
        "step_conversion_p_value": 0.0319, "step_conversion_is_significant": True,
    }  # fmt: skip
    contacts = {
        "reasons": [{"category": "payment", "journey": "Checkout", "contacts": 30, "repeat_contacts": 2,
                     "handle_minutes": 436.4, "share_after_dropoff": 0.1333}],
        "paths": [{"path": "a > b", "path_steps": 2, "persons": 49, "share_of_anchor_persons": 0.3712,
                   "steps": ["Login", "Help article"]}],
        "callers": 132, "window_days": 7,
    }  # fmt: skip
    html = render({"weekly": {"week": week, "steps": [week]}, "contacts": contacts})
    weekly = re.search(r'<section id="weekly">.*?</section>', html, re.S).group(0)
    assert "2026-W43" in weekly and "27.2 %" in weekly and "35.4 %" in weekly and "+8.2 pp" in weekly
    assert "0.032" in weekly and ">yes<" in weekly and "Link &lt;clicked&gt;" in weekly
    section = re.search(r'<section id="contacts">.*?</section>', html, re.S).group(0)
    assert '<td>payment</td><td>Checkout</td><td class="num">30</td>' in section and "13.3 %" in section
    assert "132 people" in section and "7 days" in section and "Login → Help article" in section
    assert "37.1 %" in section


def test_weekly_and_contact_sections_say_when_there_is_nothing_to_show():
    html = render({})
    assert "No complete week of funnel data yet." in html
    assert "No service contacts in the priority window." in html
