"""The journey report and its Dagster metadata, on hand-made data (the browser test renders the real one)."""

from pipeline.defs.serving.report import matrix_markdown
from pipeline.report.html import render


def _journey(name, value_at_risk, effort, score):
    return {
        "journey_name_en": name,
        "journey_name_de": None,
        "value_at_risk": value_at_risk,
        "service_effort_per_person": effort,
        "priority_score": score,
    }


def test_priority_matrix_puts_each_journey_in_its_quadrant():
    table = matrix_markdown(
        [
            _journey("A", 100.0, 2.0, 90),  # high value at risk, high effort: fix first
            _journey("B", 100.0, 0.0, 60),
            _journey("C", 1.0, 2.0, 40),
            _journey("D", 1.0, 0.0, 10),
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
