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


def _voice_marts() -> duckdb.DuckDBPyConnection:
    """A real DuckDB with hand-made rows of the two learned-voice marts and the names they join."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.dim_touchpoints (touchpoint_id varchar, name_en varchar, name_de varchar)"
    )
    con.execute("insert into marts.dim_touchpoints values ('tp_pay', 'Payment page', 'Bezahlseite')")
    con.execute("create table marts.dim_journeys (journey_node_id varchar, name_en varchar)")
    con.execute("insert into marts.dim_journeys values ('purchase.buy', 'Buy')")
    con.execute(
        """
        create table marts.fct_learned_phrases (
            language varchar, phrase varchar, n_tokens integer, polarity varchar, support integer,
            score_shift double, shift_ci_low double, shift_ci_high double, covered_by_aspect varchar,
            example_quote varchar, vetoed boolean, veto_reason varchar)
        """
    )
    con.executemany(
        "insert into marts.fct_learned_phrases values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        [
            (
                "de",
                "nie geklingelt",
                "pain",
                14,
                -0.41,
                -0.52,
                -0.30,
                None,
                "Der Bote hat nie geklingelt.",
                False,
            ),
            ("en", "size filter", "pain", 9, -0.55, -0.80, -0.12, None, "The size filter is broken.", False),
            ("en", "rufen", "pain", 30, -0.60, -0.70, -0.50, None, "Bitte rufen Sie mich an", True),  # vetoed
            ("en", "parcel", "unclear", 40, -0.02, -0.10, 0.06, "delivery", "Parcel came.", False),
            ("en", "carried upstairs", "gain", 7, 0.33, 0.21, 0.45, None, "He carried it upstairs!", False),
        ],
    )
    con.execute(
        """
        create table marts.fct_emerging_topics (
            touchpoint_id varchar, high_level_journey_id varchar, polarity varchar, language varchar,
            phrase varchar, n_tokens integer, covered_by_aspect varchar, covered_by_curated_aspect boolean,
            items_this_period integer, items_previous_period integer, trend integer, trend_label varchar,
            period_start_exclusive date, period_end date, example_quote varchar, topic_rank integer)
        """
    )
    con.executemany(
        "insert into marts.fct_emerging_topics values (?, ?, ?, 'en', ?, 2, ?, ?, ?, ?, ?, ?, "
        "date '2026-10-04', date '2026-11-01', ?, 1)",
        [
            (
                "tp_pay",
                "purchase.buy",
                "pain",
                "size filter",
                None,
                False,
                6,
                1,
                5,
                "rising",
                "Filter broken",
            ),
            (
                "tp_pay",
                "purchase.buy",
                "pain",
                "card declined",
                None,
                False,
                11,
                0,
                11,
                "new",
                "Declined twice",
            ),
            (
                "tp_pay",
                "purchase.buy",
                "pain",
                "payment",
                "payment",
                True,
                20,
                20,
                0,
                "steady",
                "Payment failed",
            ),
            (
                "unlinked",
                "unlinked",
                "gain",
                "gift wrap",
                None,
                False,
                3,
                4,
                -1,
                "falling",
                "Lovely wrapping",
            ),
        ],
    )
    return con


def _table_rows(html: str, css_class: str) -> list[list[str]]:
    table = re.search(rf'<table class="{css_class}">(.*?)</table>', html, re.S)
    assert table, css_class
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
        if "<td" in row
    ]


def test_learned_phrases_and_emerging_topics_show_the_mart_rows():
    """The report's learned-phrase and emerging-topic tables against hand-made mart rows: vetoed and
    unclear phrases are left out (the veto is counted in the note), the surest pain phrase first (the
    interval's upper end -0.30 before -0.12), topics a curated aspect covers are left out, most items this
    period first; every number as in the row it comes from."""
    con = _voice_marts()
    data = {"learned": queries.learned_phrases(con), "topics": queries.emerging_topics(con)}
    html = render(data)
    section = re.search(r'<section id="sentiment">.*?</section>', html, re.S).group(0)
    assert _table_rows(section, "learned-phrases") == [
        ["pain", "de", "nie geklingelt", "14", "−0.41", "−0.52 … −0.30", "–", "Der Bote hat nie geklingelt."],
        ["pain", "en", "size filter", "9", "−0.55", "−0.80 … −0.12", "–", "The size filter is broken."],
        ["gain", "en", "carried upstairs", "7", "+0.33", "+0.21 … +0.45", "–", "He carried it upstairs!"],
    ]
    assert "5 phrases, 1 vetoed" in section
    assert _table_rows(section, "emerging-topics") == [
        ["pain", "card declined", "Payment page", "Buy", "11", "0", "+11", "new", "Declined twice"],
        ["pain", "size filter", "Payment page", "Buy", "6", "1", "+5", "rising", "Filter broken"],
        ["gain", "gift wrap", "unlinked", "unlinked", "3", "4", "−1", "falling", "Lovely wrapping"],
    ]
    assert "28 days" in section and "2026-10-04" in section and "2026-11-01" in section
    assert "1 further rows" in section  # the covered 'payment' topic, counted, not listed
    # the per-side limit keeps the surest rows
    assert [r["phrase"] for r in queries.learned_phrases(con, per_side=1)["pain"]] == ["nie geklingelt"]


def test_learned_voice_tables_say_when_there_is_nothing_and_old_files_lack_them():
    html = render({})
    assert (
        "No learned pain or gain phrase yet" in html
        and "No recurring topic outside the curated aspects" in html
    )
    con = duckdb.connect()  # a serving file from before these marts
    assert queries.learned_phrases(con)["pain"] == [] and queries.emerging_topics(con)["gain"] == []
