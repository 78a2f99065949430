"""Ingest one landing file: read, clean, type, validate row by row, pseudonymise, split good and bad.

The steps live in their own modules: pipeline.ingest.reading (open, decode, CSV or JSON lines),
.limits (field size and NUL bytes), .values (types and timestamps), .reasons (unreadable, implausible
values), .rules (the suites' row rules), .quarantine (scrubbed bad rows) and .results (what comes
back). This module runs them in order. Everything is vectorised over rows with polars; the result
reconciles by construction: rows_read == rows_loaded + rows_quarantined.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest import pii
from pipeline.ingest.limits import value_limits
from pipeline.ingest.mappings import TableMapping, apply_mapping
from pipeline.ingest.quarantine import malformed_frame, quarantine_rows
from pipeline.ingest.reading import Malformed, not_a_regular_file, read_strings, sha256_of
from pipeline.ingest.reasons import plausibility_reasons, type_reasons
from pipeline.ingest.results import (
    NOT_ACCEPTED,
    QUARANTINE_SCHEMA,
    FileRejected,
    FileResult,
    rejected_result,
)
from pipeline.ingest.rules import rule_reasons
from pipeline.ingest.specs import TableSpec
from pipeline.ingest.suites import Suite
from pipeline.ingest.values import parse_timestamps, typed_value

# the names pipeline.ingest.zone (and older callers) import from here
__all__ = [
    "NOT_ACCEPTED",
    "QUARANTINE_SCHEMA",
    "FileRejected",
    "FileResult",
    "ingest_file",
    "not_a_regular_file",
    "rejected_result",
    "sha256_of",
]


def ingest_file(
    path: Path,
    spec: TableSpec,
    suite: Suite,
    pii_key: bytes,
    now: datetime | None = None,
    mapping: TableMapping | None = None,
    limits: IngestLimits | None = None,
) -> FileResult:
    """Parse and validate one export file. Never raises for anything in the file: a whole-file problem
    comes back as status ``rejected`` with a message naming the file (and the column or the cause).
    ``mapping`` renames the export's headers to the table's columns (see pipeline.ingest.mappings)."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    limits = limits or IngestLimits()
    digest = ""
    if mapping is not None and mapping.source_tz:
        spec = replace(spec, source_tz=mapping.source_tz)
    try:
        digest = sha256_of(path)
        strings, malformed, encoding, sep, nul = read_strings(
            path, mapping.encoding if mapping else None, limits
        )
        strings = apply_mapping(strings, mapping)
        result = _ingest_strings(strings, malformed, path, spec, suite, pii_key, now, limits, nul)
        result.encoding, result.separator, result.sha256 = encoding, sep, digest
    except FileRejected as exc:
        result = rejected_result(spec.table, path, str(exc), digest)
    except (Exception, pl.exceptions.PanicException) as exc:  # PanicException is a BaseException
        # anything no rule above foresaw (a parser error, RecursionError, MemoryError, a polars panic):
        # this file is rejected with the cause, the other files still load and the night publishes.
        # The detail is scrubbed: exception messages quote content.
        detail = pii.scrub_text(f"{type(exc).__name__}: {str(exc)[:300]}", pii_key)
        result = rejected_result(spec.table, path, f"{path.name}: could not be parsed ({detail})", digest)
    result.message = " ".join(result.message.split())  # one line: logs and checks list one per file
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _Cleaned:
    """The text columns after the steps that run before typing."""

    strings: pl.DataFrame  # the table's columns (missing ones null), pseudonymised, unknown PII dropped
    present: list[str]  # the file's columns
    shown: dict[str, str]  # each file column's name as messages show it
    extra: list[str]  # file columns the table does not have, as shown
    unknown_pii: list[str]  # of those, the ones named as personal: dropped, not even quarantined
    raw_text: pl.Expr  # a row's text as the quarantine keeps it
    value_reason: pl.Expr | None  # over a value limit (None: no row is)


def _ingest_strings(
    strings: pl.DataFrame,
    malformed: Malformed,
    path: Path,
    spec: TableSpec,
    suite: Suite,
    key: bytes,
    now: datetime,
    limits: IngestLimits,
    may_have_nul: bool = True,
) -> FileResult:
    """The steps after reading: clean the texts (_clean), check the required columns
    (_required_columns), type them (_typed), give each row its reasons (value limits, types,
    plausibility, the suite's row rules), split loaded from quarantined rows, and say how it went
    (_outcome)."""
    cleaned = _clean(strings, spec, key, limits, may_have_nul)
    if len(cleaned.strings) == 0 and not malformed:
        raise FileRejected(f"{path.name}: header only, no data rows")
    cleaned.strings, missing = _required_columns(cleaned.strings, spec, suite, cleaned.present)
    if missing:
        return _rejected_for_missing(cleaned, missing[0], malformed, path, spec, key, limits)
    typed = _typed(cleaned, spec)
    reasons = [cleaned.value_reason] if cleaned.value_reason is not None else []
    reasons += (
        type_reasons(spec) + plausibility_reasons(spec, limits, now) + rule_reasons(suite, list(spec.columns))
    )
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True) if reasons else pl.lit("")
    typed = typed.with_columns(pl.when(reason != "").then(reason).alias("_reason"))
    good = typed.filter(pl.col("_reason").is_null()).select("_row_number", *spec.columns)
    bad = typed.filter(pl.col("_reason").is_not_null())
    quarantined = pl.concat(
        [
            quarantine_rows(bad, spec.table, path, pl.col("raw_text"), pl.col("_reason"), key, limits),
            malformed_frame(malformed, spec, path, key, limits),
        ]
    ).sort("row_number")
    status, message = _outcome(path, good, quarantined, cleaned)
    return FileResult(
        spec.table,
        path,
        "",
        status,
        message,
        good,
        quarantined,
        len(good) + len(quarantined),
        extra_columns=cleaned.extra,
    )


def _clean(
    strings: pl.DataFrame, spec: TableSpec, key: bytes, limits: IngestLimits, may_have_nul: bool
) -> _Cleaned:
    """Empty texts become missing values; values over a limit are cut (their rows get a reason); the
    table's columns the file lacks are added as nulls; identifiers are pseudonymised and columns the
    table does not know but whose name says personal data are dropped — before anything, the
    quarantine's raw text included, can copy a value."""
    present = [c for c in strings.columns if c != "_row_number"]
    # names as messages and the log show them: a headerless file makes its first data row the header
    shown = {c: pii.safe_name(c) for c in present}
    extra_raw = [c for c in present if c not in spec.columns]
    strings = strings.with_columns([pl.col(c).str.strip_chars().replace("", None) for c in present])
    strings, value_reason = value_limits(strings, present, shown, limits, may_have_nul)
    strings = strings.with_columns(
        [pl.lit(None, pl.String).alias(c) for c in spec.columns if c not in present]
    )
    strings = strings.with_columns(
        pii.protect_column(strings[col], key, kind) for col, kind in spec.pii.items()
    )
    unknown_pii = [c for c in extra_raw if pii.personal_column(c)]
    strings = strings.drop(unknown_pii)
    raw_text = pl.concat_str(
        [pl.col(c).fill_null("") for c in present if c not in unknown_pii], separator=","
    )
    return _Cleaned(
        strings, present, shown, [shown[c] for c in extra_raw], unknown_pii, raw_text, value_reason
    )


def _required_columns(
    strings: pl.DataFrame, spec: TableSpec, suite: Suite, present: list[str]
) -> tuple[pl.DataFrame, list[str]]:
    """The columns the suite requires (critical not-null) that the file lacks; web events without an
    event_id get one derived from the event itself instead."""
    required = [
        e.column
        for e in suite.expectations
        if e.type == "expect_column_values_to_not_be_null" and e.severity == "critical"
    ]
    missing = [c for c in required if c not in present]
    if spec.table == "web_events" and missing == ["event_id"]:
        return strings.with_columns(derived_event_id()), []
    return strings, missing


def derived_event_id() -> pl.Expr:
    """An optional event_id derived from the event itself (stable across re-deliveries): "h" and a
    20-digit hash of anonymous_id, event_at, event_name and page_path."""
    return (
        pl.concat_str(
            ["anonymous_id", "event_at", "event_name", "page_path"], ignore_nulls=True, separator="|"
        )
        .hash(seed=0)
        .cast(pl.String)
        .str.pad_start(20, "0")
        .alias("event_id")
        .radd("h")
    )


def _rejected_for_missing(
    cleaned: _Cleaned,
    column: str,
    malformed: Malformed,
    path: Path,
    spec: TableSpec,
    key: bytes,
    limits: IngestLimits,
) -> FileResult:
    """A file without a required column: rejected, every row quarantined with that reason."""
    reason = (
        f"file rejected: required column '{column}' is missing "
        f"(header: {', '.join(cleaned.shown[c] for c in cleaned.present)})"
    )
    quarantined = pl.concat(
        [
            quarantine_rows(cleaned.strings, spec.table, path, cleaned.raw_text, pl.lit(reason), key, limits),
            malformed_frame(malformed, spec, path, key, limits),
        ]
    )
    return FileResult(
        spec.table,
        path,
        "",
        "rejected",
        f"{path.name}: {reason}",
        pl.DataFrame(),
        quarantined,
        len(quarantined),
        extra_columns=cleaned.extra,
    )


def _typed(cleaned: _Cleaned, spec: TableSpec) -> pl.DataFrame:
    """The typed columns, next to the texts they came from (``_raw_<col>``), the raw text, the value
    limits' reason and, per timestamp column, whether its text fell into the spring DST gap
    (``_dst_gap_<col>``)."""
    strings = cleaned.strings
    stamps = [c for c, kind in spec.columns.items() if kind == "timestamp"]
    parsed = {c: parse_timestamps(strings[c], spec.source_tz) for c in stamps}
    return strings.select(
        "_row_number",
        cleaned.raw_text.alias("raw_text"),
        *([cleaned.value_reason] if cleaned.value_reason is not None else []),
        *[typed_value(c, kind).alias(c) for c, kind in spec.columns.items() if kind != "timestamp"],
        *[pl.col(c).alias(f"_raw_{c}") for c in spec.columns],
    ).with_columns(
        *[values for values, _ in parsed.values()],
        *[skipped.alias(f"_dst_gap_{c}") for c, (_, skipped) in parsed.items()],
    )


def _outcome(path: Path, good: pl.DataFrame, quarantined: pl.DataFrame, cleaned: _Cleaned) -> tuple[str, str]:
    """The file's status and its one-line message."""
    if len(good) == 0 and len(quarantined):
        # nothing of the file loaded: not a success with some quarantine, a file to look at
        status = "all_rows_quarantined"
        first = quarantined.row(0, named=True)
        message = (
            f"{path.name}: all {len(quarantined)} rows quarantined, nothing loaded "
            f"(row {first['row_number']}: {first['reason'][:200]})"
        )
    else:
        status = "loaded_with_quarantine" if len(quarantined) else "loaded"
        message = f"{path.name}: {len(good)} rows loaded, {len(quarantined)} quarantined"
    if cleaned.extra:
        message += f"; extra columns kept out of the raw table: {', '.join(cleaned.extra)}"
    if cleaned.unknown_pii:
        shown = ", ".join(cleaned.shown[c] for c in cleaned.unknown_pii)
        message += f" (not even in the quarantine, may hold personal data: {shown})"
    return status, message
