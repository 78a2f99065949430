"""pipeline.ingest.reasons and pipeline.ingest.limits: the reason each hand-made row gets for a value
that is not its type, lies in the DST gap, is implausible, too long or holds a NUL byte."""

from datetime import UTC, date, datetime, timedelta

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest.limits import value_limits
from pipeline.ingest.reasons import plausibility_reasons, type_reasons
from pipeline.ingest.specs import TableSpec

SPEC = TableSpec(
    table="t",
    folder="t",
    patterns=("*.csv",),
    columns={"id": "string", "n": "int", "at": "timestamp"},
    key="id",
    source_tz="Europe/Berlin",
)
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _reasons(frame: pl.DataFrame, exprs: list[pl.Expr]) -> list[str | None]:
    return frame.select(pl.concat_str(exprs, separator="; ", ignore_nulls=True).replace("", None))[
        "literal"
    ].to_list()


def test_a_text_not_read_as_its_type_and_a_time_in_the_dst_gap():
    typed = pl.DataFrame(
        {
            "n": [1, None, None, 2],
            "_raw_n": ["1", "zwei", None, "2"],
            "at": [NOW, None, None, None],
            "_raw_at": ["x", "gestern", None, "2026-03-29 02:30"],
            "_dst_gap_at": [False, False, False, True],
        }
    )
    assert _reasons(typed, type_reasons(SPEC)) == [
        None,
        "column 'n': 'zwei' is not a whole number; column 'at': 'gestern' is not a date/time",
        None,  # missing is not unreadable (the suite says whether it is required)
        "column 'at': '2026-03-29 02:30' does not exist in Europe/Berlin (clocks went forward)",
    ]


def test_future_and_placeholder_dates():
    limits = IngestLimits(future_tolerance=timedelta(hours=24), date_floor=date(1990, 1, 1))
    typed = pl.DataFrame(
        {
            "at": [
                datetime(2026, 11, 1, 23, 0, tzinfo=UTC),  # 23 h ahead: within the tolerance
                datetime(2026, 11, 2, 1, 0, tzinfo=UTC),  # 25 h ahead
                datetime(1, 1, 1, tzinfo=UTC),
                datetime(1990, 1, 1, tzinfo=UTC),  # the floor itself is plausible
            ],
            "_raw_at": ["a", "b", "0001-01-01", "d"],
        }
    )
    assert _reasons(typed, plausibility_reasons(SPEC, limits, NOW)) == [
        None,
        "column 'at': 2026-11-02 01:00:00.000000+00:00 is in the future (more than 24 h ahead; JOURNEY_FUTURE_TOLERANCE_HOURS)",
        "column 'at': '0001-01-01' is before 1990-01-01 (JOURNEY_DATE_FLOOR), not a plausible date",
        None,
    ]
    no_floor = TableSpec("t", "t", ("*.csv",), {"at": "timestamp"}, "at", "UTC", date_floor=False)
    assert _reasons(typed, plausibility_reasons(no_floor, limits, NOW))[2] is None


def test_oversized_values_and_nul_bytes_get_a_reason_and_are_cut():
    limits = IngestLimits(max_field_bytes=10, quarantine_text_chars=3)
    long = "ab " + "x" * 47  # 50 bytes, over 3 + 40 characters: cut to "ab " and the marker
    strings = pl.DataFrame({"a": ["ok", long, "a\x00b"], "b": ["ü" * 6, "y", "z"]})  # ü is 2 bytes
    shown = {"a": "a", "b": "b"}
    out, reason = value_limits(strings, ["a", "b"], shown, limits, may_have_nul=True)
    assert out.select(reason)["_value_reason"].to_list() == [
        "column 'b': 12 bytes, over the limit of 10 (JOURNEY_MAX_FIELD_BYTES)",
        "column 'a': 50 bytes, over the limit of 10 (JOURNEY_MAX_FIELD_BYTES)",
        "column 'a' contains a NUL byte",
    ]
    assert out["a"].to_list() == ["ok", "ab  …[cut, 50 characters]", "a␀b"]
    assert out["b"].to_list() == ["ü" * 6, "y", "z"]  # 6 characters: within 3 + 40, not cut


def test_a_normal_file_gets_no_value_reason():
    strings = pl.DataFrame({"a": ["1", "2"]})
    out, reason = value_limits(strings, ["a"], {"a": "a"}, IngestLimits(), may_have_nul=False)
    assert reason is None and out.equals(strings)
