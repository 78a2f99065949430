"""The journey report and its Dagster metadata, on hand-made data (the browser test renders the real one)."""

from pipeline.defs.serving.report import matrix_markdown
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
    keys = [
        "priority",
        "funnels",
        "sentiment",
        "pain_gain",
        "tiers",
        "ingestion",
        "rejected",
        "reasons",
        "dq",
    ]
    empty = {key: [] for key in keys}
    html = render({**empty, "run": None})
    assert "No priority scores in this warehouse." in html and "No funnels." in html
    assert "<script" not in html
