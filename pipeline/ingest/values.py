"""Typed values from text: timestamps (with an offset, or wall-clock time in the source's zone, and
the spring DST gap told apart from a typo), numbers (German and English notation, currency signs),
whole numbers, booleans (English and German words) and JSON objects. A text that does not read as its
type becomes null; the caller turns "text present, value null" into a quarantine reason."""

from __future__ import annotations

import polars as pl

TIMESTAMP_FORMATS_AWARE = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%z",
)
TIMESTAMP_FORMATS_NAIVE = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y",
)
TRUE_VALUES = ("true", "1", "yes", "y", "ja", "wahr", "x")
FALSE_VALUES = ("false", "0", "no", "n", "nein", "falsch")


def _timestamp_readings(col: str, tz: str) -> list[pl.Expr]:
    """Every way a timestamp text is read, in order of preference, each as a UTC timestamp or null:
    with an offset (a trailing Z meaning UTC), then naive formats taken as wall-clock time in ``tz``.
    The formats are exclusive (separators, offset or not, order of day and month), so a text two of
    them read means the same instant in both."""
    c = pl.col(col)
    zulu = c.str.replace(r"Z$", "+0000")  # a text without the Z stays as it is
    aware = [
        zulu.str.to_datetime(f, time_unit="us", strict=False).dt.convert_time_zone("UTC")
        for f in TIMESTAMP_FORMATS_AWARE
    ]
    local = [
        c.str.to_datetime(f, time_unit="us", strict=False)
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        for f in TIMESTAMP_FORMATS_NAIVE
    ]
    return aware + local


def _naive_timestamp(col: str) -> pl.Expr:
    c = pl.col(col)
    return pl.coalesce([c.str.to_datetime(f, time_unit="us", strict=False) for f in TIMESTAMP_FORMATS_NAIVE])


def parse_timestamps(raw: pl.Series, tz: str) -> tuple[pl.Series, pl.Series]:
    """Parse a column of timestamp texts to UTC. Returns the timestamps (null where unreadable) and a
    flag for texts that are wall-clock times skipped by the spring DST change in ``tz``.

    An export writes its timestamps in one format, so the format that reads most of a sample of the
    column is tried on every row first (one parse instead of twenty); only rows it cannot read go
    through every format."""
    frame = raw.rename("v").to_frame()
    readings = _timestamp_readings("v", tz)
    present = raw.drop_nulls()
    sample = present.gather_every(max(1, len(present) // 1000)).rename("v").to_frame()
    hits = sample.select(r.is_not_null().sum().alias(str(i)) for i, r in enumerate(readings)).row(0)
    best = max(range(len(readings)), key=lambda i: (hits[i], -i)) if sample.height else 0
    parsed = frame.select(readings[best].alias("v"))["v"]
    rest = (raw.is_not_null() & parsed.is_null()).arg_true()
    skipped = pl.repeat(False, len(raw), dtype=pl.Boolean, eager=True)
    if len(rest):
        others = frame[rest].select(pl.coalesce(readings).alias("v"), _naive_timestamp("v").alias("naive"))
        parsed = parsed.scatter(rest, others["v"])
        skipped = skipped.scatter(rest, others["v"].is_null() & others["naive"].is_not_null())
    return parsed.rename(raw.name), skipped.rename(raw.name)


def _parse_float(col: str) -> pl.Expr:
    c = pl.col(col).str.replace_all(r"[\s€$]", "")
    german = c.str.contains(r"^-?\d{1,3}(\.\d{3})+,\d+$") | c.str.contains(r"^-?\d+,\d+$")
    normalised = pl.when(german).then(c.str.replace_all(r"\.", "").str.replace(",", ".")).otherwise(c)
    number = normalised.cast(pl.Float64, strict=False)
    # "NaN" is not a number of an export: unread, it is quarantined as one. Read, it passed no range
    # rule for the same reason polars and great-expectations disagree on it (NaN is above every
    # bound in polars, missing in pandas); tests/test_ingest_rules_agree_with_gx.py
    return pl.when(~number.is_nan()).then(number)


def typed_value(col: str, kind: str) -> pl.Expr:
    """The typed value of a text column (timestamps: see parse_timestamps)."""
    if kind == "float":
        return _parse_float(col)
    if kind == "int":
        f = _parse_float(col)
        return pl.when(f == f.round(0)).then(f.cast(pl.Int64, strict=False))
    if kind == "bool":
        low = pl.col(col).str.to_lowercase()
        return pl.when(low.is_in(TRUE_VALUES)).then(True).when(low.is_in(FALSE_VALUES)).then(False)
    if kind == "json":
        return pl.when(pl.col(col).str.contains(r"^\s*\{.*\}\s*$")).then(pl.col(col))
    return pl.col(col)


TYPE_WORDS = {
    "timestamp": "a date/time",
    "float": "a number",
    "int": "a whole number",
    "bool": "true/false",
    "json": "a JSON object",
}
