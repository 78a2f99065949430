"""pipeline.ingest.rules: each row-level expectation type of the suites as a polars row rule, on
hand-made rows with the reasons worked out by hand."""

from pathlib import Path

import polars as pl

from pipeline.ingest.rules import row_rule, rule_reasons
from pipeline.ingest.suites import Expectation, Suite


def _reasons(frame: pl.DataFrame, e: Expectation) -> list[str | None]:
    return frame.select(row_rule(e).alias("r"))["r"].to_list()


def test_not_null():
    frame = pl.DataFrame({"id": ["a", None]})
    e = Expectation("expect_column_values_to_not_be_null", {"column": "id"}, "critical")
    assert _reasons(frame, e) == [None, "column 'id' is empty but required"]


def test_between_with_both_bounds_one_bound_and_missing_values():
    frame = pl.DataFrame({"n": [0.0, 10.0, 10.5, -1.0, None]})
    e = Expectation(
        "expect_column_values_to_be_between", {"column": "n", "min_value": 0, "max_value": 10}, "critical"
    )
    assert _reasons(frame, e) == [
        None,
        None,  # the bounds are inclusive, as in great-expectations
        "column 'n': 10.5 is outside 0..10",
        "column 'n': -1.0 is outside 0..10",
        None,  # a missing value is the not-null rule's business
    ]
    e = Expectation("expect_column_values_to_be_between", {"column": "n", "min_value": 0}, "critical")
    assert _reasons(frame, e)[2:4] == [None, "column 'n': -1.0 is outside 0..None"]


def test_in_set():
    frame = pl.DataFrame({"s": ["survey", "Survey", None]})
    e = Expectation(
        "expect_column_values_to_be_in_set", {"column": "s", "value_set": ["survey", "review"]}, "critical"
    )
    assert _reasons(frame, e) == [None, "column 's': 'Survey' is not one of survey, review", None]


def test_regex_is_searched_like_great_expectations():
    frame = pl.DataFrame({"name": ["page_view", "page view", "xpage_view", None]})
    e = Expectation(
        "expect_column_values_to_match_regex", {"column": "name", "regex": "^[a-z_]+$"}, "critical"
    )
    assert _reasons(frame, e) == [None, "column 'name': 'page view' does not match ^[a-z_]+$", None, None]
    e = Expectation("expect_column_values_to_match_regex", {"column": "name", "regex": "view"}, "critical")
    assert _reasons(frame, e) == [None, None, None, None]  # found anywhere: a match


def test_unique_keeps_the_first_row_of_each_value():
    frame = pl.DataFrame({"_row_number": [1, 2, 3, 4, 5], "id": ["a", "b", "a", None, "a"]})
    e = Expectation("expect_column_values_to_be_unique", {"column": "id"}, "critical")
    assert _reasons(frame, e) == [
        None,
        None,
        "duplicate id 'a' (first seen in row 1)",
        None,
        "duplicate id 'a' (first seen in row 1)",
    ]


def test_only_critical_row_level_expectations_of_known_columns_become_rules():
    expectations = (
        Expectation("expect_column_values_to_not_be_null", {"column": "id"}, "critical"),
        Expectation("expect_column_values_to_not_be_null", {"column": "segment"}, "warning"),
        Expectation("expect_column_values_to_not_be_null", {"column": "gone"}, "critical"),
        Expectation("expect_table_row_count_to_be_between", {"min_value": 1}, "critical"),
    )
    suite = Suite("t", Path("t.json"), expectations, {})
    rules = rule_reasons(suite, ["id", "segment"])
    frame = pl.DataFrame(
        {"id": [None], "segment": [None], "gone": [None]},
        schema={c: pl.String for c in ("id", "segment", "gone")},
    )
    assert [frame.select(r.alias("r"))["r"][0] for r in rules] == ["column 'id' is empty but required"]
