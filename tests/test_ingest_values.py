"""pipeline.ingest.values: each text read as its type by hand-worked examples; a text that is not
one becomes null."""

from datetime import UTC, datetime

import polars as pl
import pytest

from pipeline.ingest.values import parse_timestamps, typed_value


def _typed(kind: str, texts: list[str | None]) -> list:
    return (
        pl.DataFrame({"v": texts}, schema={"v": pl.String})
        .select(typed_value("v", kind).alias("v"))["v"]
        .to_list()
    )


def test_numbers_in_german_and_english_notation_and_with_currency_signs():
    texts = ["1.234,56", "1,5", "-0,25", "€ 12", "12.5 $", "1234.5", "1,234.56", "zwölf", None]
    assert _typed("float", texts) == [1234.56, 1.5, -0.25, 12.0, 12.5, 1234.5, None, None, None]


def test_nan_is_not_a_number_infinity_is_one():
    assert _typed("float", ["NaN", "nan", "inf", "-Infinity"]) == [None, None, float("inf"), float("-inf")]
    assert _typed("int", ["NaN", "inf"]) == [None, None]


def test_whole_numbers_accept_a_zero_fraction_only():
    assert _typed("int", ["3", "3,0", "3.0", "3,5", "drei", "-7"]) == [3, 3, 3, None, None, -7]


def test_booleans_in_english_and_german_words():
    texts = ["true", "Ja", "x", "1", "FALSCH", "nein", "0", "vielleicht"]
    assert _typed("bool", texts) == [True, True, True, True, False, False, False, None]


def test_json_objects_only():
    assert _typed("json", ['{"a": 1}', " {} ", "[1, 2]", "a=1"]) == ['{"a": 1}', " {} ", None, None]


def test_strings_stay_as_they_are():
    assert _typed("string", ["  a ", None]) == ["  a ", None]


@pytest.mark.parametrize(
    ("text", "instant", "in_gap"),
    [
        ("2026-07-01 12:00:00", datetime(2026, 7, 1, 10, 0, tzinfo=UTC), False),  # CEST, UTC+2
        ("01.12.2026 12:00", datetime(2026, 12, 1, 11, 0, tzinfo=UTC), False),  # CET, UTC+1
        ("2026-07-01T12:00:00+0000", datetime(2026, 7, 1, 12, 0, tzinfo=UTC), False),
        ("2026-07-01T12:00:00Z", datetime(2026, 7, 1, 12, 0, tzinfo=UTC), False),
        ("2026-03-29 02:30:00", None, True),  # clocks went from 02:00 to 03:00
        ("31.02.2026", None, False),
    ],
)
def test_one_timestamp_text_in_berlin(text, instant, in_gap):
    values, gap = parse_timestamps(pl.Series("t", [text]), "Europe/Berlin")
    assert (values[0], gap[0]) == (instant, in_gap)
