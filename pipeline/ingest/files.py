"""Ingest one landing file: decode, parse, type, validate row by row, pseudonymise, split good and bad.

Everything here is vectorised over rows with polars; the only Python-level row loop is the fallback
reader for files whose CSV structure is broken (it finds and quarantines the malformed rows).
The result reconciles by construction: rows_read == rows_loaded + rows_quarantined.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from pipeline.ingest import pii
from pipeline.ingest.specs import TableSpec
from pipeline.ingest.suites import Suite

FUTURE_TOLERANCE = timedelta(days=1)
QUARANTINE_SCHEMA = {
    "table_name": pl.String,
    "source_file": pl.String,
    "row_number": pl.Int64,
    "raw_text": pl.String,
    "reason": pl.String,
}
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


class FileRejected(Exception):
    """The whole file cannot be loaded; the message names the file (and the column)."""


@dataclass
class FileResult:
    table: str
    path: Path
    sha256: str
    status: str  # loaded | loaded_with_quarantine | rejected
    message: str
    loaded: pl.DataFrame
    quarantined: pl.DataFrame
    rows_read: int
    encoding: str = ""
    separator: str = ""
    extra_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_loaded(self) -> int:
        return len(self.loaded)

    @property
    def rows_quarantined(self) -> int:
        return len(self.quarantined)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _decode(path: Path) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (with or without BOM), else Windows-1252."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise FileRejected(f"{path.name}: cannot be read ({exc})") from exc
    if b"\x00" in raw[:4096]:
        raise FileRejected(f"{path.name}: looks like a binary file, not a CSV export")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _sniff_separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","


def _canonical_name(name: str) -> str:
    return name.strip().strip('"').lower().replace(" ", "_").replace("-", "_")


Malformed = list[tuple[int, list[str], list[str], str]]  # (row number, header, fields, reason)


def read_strings(path: Path) -> tuple[pl.DataFrame, Malformed, str, str]:
    """Read a CSV export with every column as text.

    Returns (frame with a ``_row_number`` column, malformed rows,
    encoding, separator). Row numbers count data records from 1 (the header is not a record).
    """
    text, encoding = _decode(path)
    if not text.strip():
        raise FileRejected(f"{path.name}: the file is empty")
    sep = _sniff_separator(text)
    try:
        frame = pl.read_csv(
            io.StringIO(text), separator=sep, infer_schema=False, has_header=True, raise_if_empty=False
        )
        malformed: Malformed = []
    except pl.exceptions.PolarsError:
        frame, malformed = _read_tolerant(text, sep)
    frame = frame.rename({c: _canonical_name(c) for c in frame.columns})
    if "_row_number" not in frame.columns:
        frame = frame.with_row_index("_row_number", offset=1).with_columns(
            pl.col("_row_number").cast(pl.Int64)
        )
    return frame, malformed, encoding, sep


def _read_tolerant(text: str, sep: str) -> tuple[pl.DataFrame, Malformed]:
    """Slow path for structurally broken files: keep well-formed records, report the rest."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(reader)
    good: list[list[str]] = []
    numbers: list[int] = []
    bad: Malformed = []
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) == len(header):
                good.append(record)
                numbers.append(number)
            else:
                bad.append(
                    (
                        number,
                        header,
                        record,
                        f"row has {len(record)} fields but the header has {len(header)} (broken quoting or separator?)",
                    )
                )
    except csv.Error as exc:
        bad.append((len(good) + len(bad) + 1, header, [], f"unreadable from here on: {exc}"))
    frame = pl.DataFrame(good, schema=[(h, pl.String) for h in header], orient="row")
    return frame.with_columns(pl.Series("_row_number", numbers, dtype=pl.Int64)), bad


def _parse_timestamp(col: str, tz: str) -> pl.Expr:
    c = pl.col(col)
    aware = [
        c.str.to_datetime(f, time_unit="us", strict=False).dt.convert_time_zone("UTC")
        for f in TIMESTAMP_FORMATS_AWARE
    ]
    naive = [c.str.to_datetime(f, time_unit="us", strict=False) for f in TIMESTAMP_FORMATS_NAIVE]
    # trailing Z means UTC
    zulu = c.str.replace(r"Z$", "+0000")
    aware_z = [
        zulu.str.to_datetime(f, time_unit="us", strict=False).dt.convert_time_zone("UTC")
        for f in TIMESTAMP_FORMATS_AWARE
    ]
    localised = (
        pl.coalesce(naive)
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
    )
    return pl.coalesce([*aware_z, *aware, localised])


def _parse_float(col: str) -> pl.Expr:
    c = pl.col(col).str.replace_all(r"[\s€$]", "")
    german = c.str.contains(r"^-?\d{1,3}(\.\d{3})+,\d+$") | c.str.contains(r"^-?\d+,\d+$")
    normalised = pl.when(german).then(c.str.replace_all(r"\.", "").str.replace(",", ".")).otherwise(c)
    return normalised.cast(pl.Float64, strict=False)


def _typed(col: str, kind: str, tz: str) -> pl.Expr:
    if kind == "timestamp":
        return _parse_timestamp(col, tz)
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


def _reason(cond: pl.Expr, message: pl.Expr | str) -> pl.Expr:
    return pl.when(cond).then(message if isinstance(message, pl.Expr) else pl.lit(message))


def _msg(*parts: str | pl.Expr) -> pl.Expr:
    """A message built from literal text and expressions (no format-string escaping to get wrong)."""
    return pl.concat_str([p if isinstance(p, pl.Expr) else pl.lit(p) for p in parts])


def _quote(col: str) -> pl.Expr:
    return pl.concat_str(pl.lit("'"), pl.col(col).cast(pl.String).str.slice(0, 60), pl.lit("'"))


def rule_reasons(suite: Suite, columns: list[str]) -> list[pl.Expr]:
    """Translate the suite's critical, row-level expectations into per-row reason expressions."""
    reasons: list[pl.Expr] = []
    for e in suite.expectations:
        col = e.column
        if not e.row_level or col not in columns:
            continue
        if e.type == "expect_column_values_to_not_be_null":
            reasons.append(_reason(pl.col(col).is_null(), f"column '{col}' is empty but required"))
        elif e.type == "expect_column_values_to_be_between":
            lo, hi = e.kwargs.get("min_value"), e.kwargs.get("max_value")
            bad = pl.lit(False)
            if lo is not None:
                bad = bad | (pl.col(col) < lo)
            if hi is not None:
                bad = bad | (pl.col(col) > hi)
            reasons.append(
                _reason(
                    bad.fill_null(False),
                    _msg(f"column '{col}': ", pl.col(col).cast(pl.String), f" is outside {lo}..{hi}"),
                )
            )
        elif e.type == "expect_column_values_to_be_in_set":
            allowed = e.kwargs["value_set"]
            reasons.append(
                _reason(
                    pl.col(col).is_not_null() & ~pl.col(col).is_in(allowed),
                    _msg(f"column '{col}': ", _quote(col), f" is not one of {', '.join(map(str, allowed))}"),
                )
            )
        elif e.type == "expect_column_values_to_match_regex":
            regex = e.kwargs["regex"]
            reasons.append(
                _reason(
                    pl.col(col).is_not_null() & ~pl.col(col).cast(pl.String).str.contains(regex),
                    _msg(f"column '{col}': ", _quote(col), f" does not match {regex}"),
                )
            )
        elif e.type == "expect_column_values_to_be_unique":
            first = pl.col("_row_number").min().over(col)
            reasons.append(
                _reason(
                    pl.col(col).is_not_null() & (pl.col("_row_number") != first),
                    _msg(
                        f"duplicate {col} ", _quote(col), " (first seen in row ", first.cast(pl.String), ")"
                    ),
                )
            )
    return reasons


def ingest_file(
    path: Path, spec: TableSpec, suite: Suite, pii_key: bytes, now: datetime | None = None
) -> FileResult:
    """Parse and validate one export file. Never raises for bad content: a whole-file problem comes
    back as status ``rejected`` with a message naming the file (and the column)."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    digest = sha256_of(path)
    empty_q = pl.DataFrame(schema=QUARANTINE_SCHEMA)
    try:
        strings, malformed, encoding, sep = read_strings(path)
        result = _ingest_strings(strings, malformed, path, spec, suite, pii_key, now)
        result.encoding, result.separator, result.sha256 = encoding, sep, digest
    except FileRejected as exc:
        result = FileResult(spec.table, path, digest, "rejected", str(exc), pl.DataFrame(), empty_q, 0)
    result.seconds = time.perf_counter() - started
    return result


def _ingest_strings(
    strings: pl.DataFrame,
    malformed: Malformed,
    path: Path,
    spec: TableSpec,
    suite: Suite,
    key: bytes,
    now: datetime,
) -> FileResult:
    cols = list(spec.columns)
    present = [c for c in strings.columns if c != "_row_number"]
    extra = [c for c in present if c not in spec.columns]
    # empty strings are missing values
    strings = strings.with_columns([pl.col(c).str.strip_chars().replace("", None) for c in present])
    strings = strings.with_columns([pl.lit(None, pl.String).alias(c) for c in cols if c not in present])
    # pseudonymise before anything (including the quarantine's raw text) is written
    for col, kind in spec.pii.items():
        s = strings[col]
        strings = strings.with_columns(
            pii.scrub_text_column(s, key) if kind == "text" else pii.pseudonymise_column(s, key, kind)
        )
    unknown_pii = [
        c for c in extra if any(w in c for w in ("mail", "phone", "telefon", "name", "street", "strasse"))
    ]
    strings = strings.drop(unknown_pii)
    extra_kept = [c for c in extra if c not in unknown_pii]
    raw_text = pl.concat_str(
        [pl.col(c).fill_null("") for c in present if c not in unknown_pii], separator=","
    ).alias("raw_text")
    if len(strings) == 0 and not malformed:
        raise FileRejected(f"{path.name}: header only, no data rows")

    required = [
        e.column
        for e in suite.expectations
        if e.type == "expect_column_values_to_not_be_null" and e.severity == "critical"
    ]
    missing = [c for c in required if c not in present]
    # an optional event_id can be derived from the event itself (stable across re-deliveries)
    if spec.table == "web_events" and missing == ["event_id"]:
        missing = []
        strings = strings.with_columns(
            pl.concat_str(
                ["anonymous_id", "event_at", "event_name", "page_path"], ignore_nulls=True, separator="|"
            )
            .hash(seed=0)
            .cast(pl.String)
            .str.pad_start(20, "0")
            .alias("event_id")
            .radd("h")
        )
    if missing:
        reason = f"file rejected: required column '{missing[0]}' is missing (header: {', '.join(present)})"
        quarantined = strings.select(
            pl.lit(spec.table).alias("table_name"),
            pl.lit(path.name).alias("source_file"),
            pl.col("_row_number").alias("row_number"),
            raw_text,
            pl.lit(reason).alias("reason"),
        )
        quarantined = pl.concat([quarantined, _malformed_frame(malformed, spec, path, key)])
        return FileResult(
            spec.table,
            path,
            "",
            "rejected",
            f"{path.name}: {reason}",
            pl.DataFrame(),
            quarantined,
            len(quarantined),
            extra_columns=extra_kept,
        )

    typed = strings.select(
        "_row_number",
        raw_text,
        *[_typed(c, kind, spec.source_tz).alias(c) for c, kind in spec.columns.items()],
        *[pl.col(c).alias(f"_raw_{c}") for c in spec.columns],
    )
    reasons = [
        _reason(
            pl.col(f"_raw_{c}").is_not_null() & pl.col(c).is_null(),
            _msg(f"column '{c}': ", _quote(f"_raw_{c}"), f" is not {TYPE_WORDS[kind]}"),
        )
        for c, kind in spec.columns.items()
        if kind != "string"
    ]
    reasons += [
        _reason(
            pl.col(c) > now + FUTURE_TOLERANCE,
            _msg(f"column '{c}': ", pl.col(c).cast(pl.String), " is in the future"),
        )
        for c, kind in spec.columns.items()
        if kind == "timestamp"
    ]
    reasons += rule_reasons(suite, cols)
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True) if reasons else pl.lit("")
    typed = typed.with_columns(pl.when(reason != "").then(reason).alias("_reason"))
    bad = typed.filter(pl.col("_reason").is_not_null())
    good = typed.filter(pl.col("_reason").is_null()).select("_row_number", *cols)
    quarantined = pl.concat(
        [
            bad.select(
                pl.lit(spec.table).alias("table_name"),
                pl.lit(path.name).alias("source_file"),
                pl.col("_row_number").alias("row_number"),
                "raw_text",
                pl.col("_reason").alias("reason"),
            ),
            _malformed_frame(malformed, spec, path, key),
        ]
    ).sort("row_number")
    status = "loaded_with_quarantine" if len(quarantined) else "loaded"
    message = f"{path.name}: {len(good)} rows loaded, {len(quarantined)} quarantined"
    return FileResult(
        spec.table,
        path,
        "",
        status,
        message,
        good,
        quarantined,
        len(good) + len(quarantined),
        extra_columns=extra_kept,
    )


def _malformed_frame(malformed: Malformed, spec: TableSpec, path: Path, key: bytes) -> pl.DataFrame:
    """Quarantine rows of malformed records, their identifiers pseudonymised like good rows."""
    rows = []
    for number, header, fields, reason in malformed:
        safe = []
        for i, value in enumerate(fields):
            kind = spec.pii.get(_canonical_name(header[i])) if i < len(header) else None
            if kind and kind != "text" and value.strip():
                safe.append(pii.pseudonym(key, kind, value))
            else:
                safe.append(pii.scrub_text(value, key))
        rows.append((spec.table, path.name, number, ",".join(safe), reason))
    return pl.DataFrame(rows, schema=QUARANTINE_SCHEMA, orient="row")
