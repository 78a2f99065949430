"""Ingest one landing file: decode, parse, type, validate row by row, pseudonymise, split good and bad.

Everything here is vectorised over rows with polars; the only Python-level row loop is the fallback
reader for files whose CSV structure is broken (it finds and quarantines the malformed rows).
The result reconciles by construction: rows_read == rows_loaded + rows_quarantined.

A landing file is opened without following a symbolic link and refused unless it is a regular file
(a FIFO, socket or device is never read). Limits (pipeline.config.IngestLimits: field size, JSON line
size and depth, plausible dates) are checked before a value is stored; a row over one is quarantined.
"""

from __future__ import annotations

import csv
import errno
import gzip
import hashlib
import io
import itertools
import os
import re
import stat
import time
import zlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest import ga4, pii
from pipeline.ingest.bounds import cut_str, cut_text
from pipeline.ingest.mappings import TableMapping, apply_mapping
from pipeline.ingest.specs import TableSpec
from pipeline.ingest.suites import Suite

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


# statuses of a file that loaded nothing although it should have: the check every_<table>_file_was_accepted
# fails, and `python -m pipeline.run` exits with 3 (docs/operations.md)
NOT_ACCEPTED = ("rejected", "all_rows_quarantined")
# C0 control characters other than tab, newline, form feed and carriage return, and DEL
_CONTROL = dict.fromkeys([*range(9), 11, *range(14, 32), 127])


class FileRejected(Exception):
    """The whole file cannot be loaded; the message names the file (and the column)."""


@dataclass
class FileResult:
    table: str
    path: Path
    sha256: str
    status: str  # loaded | loaded_with_quarantine | all_rows_quarantined | rejected
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


def not_a_regular_file(path: Path, mode: int) -> str:
    """The rejection message for a landing entry that is not a regular file (its content is never read)."""
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (
            f"{path.name}: is a symbolic link (to {target}); links in the landing directory are not "
            "followed — deliver the file itself"
        )
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device file"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a directory"
        if stat.S_ISDIR(mode)
        else "not a regular file"
    )
    return f"{path.name}: is {kind}, not an export file; not read"


def _open_regular(path: Path):
    """Open a landing file for reading: a symbolic link is not followed (O_NOFOLLOW), a FIFO does not
    block the run (O_NONBLOCK), and anything but a regular file is refused before a byte is read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRejected(not_a_regular_file(path, os.lstat(path).st_mode)) from exc
        raise FileRejected(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileRejected(not_a_regular_file(path, mode))
    return os.fdopen(fd, "rb")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with _open_regular(path) as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        raise FileRejected(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    return h.hexdigest()


_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _looks_binary(head: str) -> bool:
    """More than 5 % control characters (NUL and the like, not tab / newline) in the first 4 KB: a
    binary file. A stray NUL byte in a text export is not: its row is quarantined."""
    controls = len(head) - len(head.translate(_CONTROL))
    return controls >= 4 and controls > 0.05 * len(head)


def _decode(path: Path, forced: str | None = None) -> tuple[str, str]:
    """Return (text, encoding): UTF-16 / UTF-32 when the file starts with their byte-order mark (Excel's
    "Unicode text"), else ``forced`` if given, else UTF-8 (with or without BOM), else Windows-1252 (a
    superset of Latin-1 for the printable range)."""
    try:
        with _open_regular(path) as fh:
            raw = fh.read()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise FileRejected(f"{path.name}: cannot be read ({exc})") from exc
    binary = f"{path.name}: looks like a binary file, not a CSV or JSON-lines export"
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = raw[len(bom) :].decode(encoding, errors="replace")
            if _looks_binary(text[:4096]):
                raise FileRejected(binary)
            return text, encoding
    if _looks_binary(raw[:4096].decode("latin-1")):
        raise FileRejected(binary)
    if forced:
        try:
            return raw.decode(forced), forced
        except (LookupError, UnicodeDecodeError) as exc:
            raise FileRejected(f"{path.name}: cannot be decoded as the configured {forced} ({exc})") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def is_json_lines_name(path: Path) -> bool:
    name = path.name.removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson", ".json"))


def _sniff_separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","


def _canonical_name(name: str) -> str:
    """lower_snake_case; characters other than letters, digits and _ become _ (a header "*" or "^x$"
    would otherwise be a wildcard or regex in polars' column selection)."""
    name = name.strip().strip('"').lower().replace(" ", "_").replace("-", "_")
    return re.sub(r"\W", "_", name).strip("_") if re.search(r"\W", name) else name


Malformed = list[tuple[int, list[str], list[str], str]]  # (row number, header, fields, reason)


def _with_trailing_separator_in_header(text: str, sep: str) -> str:
    """Excel and other tools end every data row with a separator but not the header: the header gets
    the same empty last column, so the rows read as usual (the empty column is dropped afterwards).
    Decided on the first data record: one field more than the header, and that field empty."""
    try:
        records = list(itertools.islice(csv.reader(io.StringIO(text[:65536], newline=""), delimiter=sep), 2))
    except csv.Error:
        return text
    if len(records) < 2 or len(records[1]) != len(records[0]) + 1 or records[1][-1] != "":
        return text
    end = text.find("\n")
    header_end = end - 1 if end > 0 and text[end - 1] == "\r" else end
    if end < 0 or text[:header_end].count(sep) != len(records[0]) - 1:  # a header spanning lines
        return text
    return text[:header_end] + sep + text[header_end:]


def _drop_empty_trailing_column(frame: pl.DataFrame, header: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """A last column without a header name and without a value in any row (a trailing separator on
    every line) is not a column of the export."""
    if len(header) < 2 or header[-1].strip():
        return frame, header
    last = [c for c in frame.columns if c != "_row_number"][-1]
    if frame[last].str.strip_chars().replace("", None).null_count() != len(frame):
        return frame, header
    return frame.drop(last), header[:-1]


def read_strings(
    path: Path, encoding: str | None = None, limits: IngestLimits | None = None
) -> tuple[pl.DataFrame, Malformed, str, str, bool]:
    """Read a CSV export with every column as text.

    Returns (frame with a ``_row_number`` column, malformed rows, encoding, separator, whether a
    value may hold a NUL character). Row numbers count data records from 1 (the header is not a record).
    """
    text, encoding = _decode(path, encoding)
    # one C-speed scan of the text; only a file with a NUL (or JSON's \u0000) pays for the column checks
    nul = "\x00" in text or "\\u0000" in text
    if not text.strip():
        raise FileRejected(f"{path.name}: the file is empty")
    if is_json_lines_name(path):
        if not ga4.looks_like_ndjson(text):
            raise FileRejected(
                f"{path.name}: named as newline-delimited JSON, but the content is not JSON objects"
            )
        frame, bad_lines = ga4.read_ga4(text, limits or IngestLimits())
        return frame, [(n, [], [line], reason) for n, line, reason in bad_lines], encoding, "ndjson", nul
    if ga4.looks_like_ndjson(text):
        raise FileRejected(
            f"{path.name}: the content is JSON lines but the name says CSV (rename a GA4 export to .jsonl)"
        )
    sep = _sniff_separator(text)
    text = _with_trailing_separator_in_header(text, sep)
    try:
        frame = pl.read_csv(
            io.StringIO(text), separator=sep, infer_schema=False, has_header=False, raise_if_empty=False
        )
        header = [v or "" for v in frame.row(0)] if len(frame) else []
        frame = frame.slice(1).with_row_index("_row_number", offset=1)
        malformed: Malformed = []
    except pl.exceptions.PolarsError:
        header, frame, malformed = _read_tolerant(text, sep)
    frame, header = _drop_empty_trailing_column(frame, header)
    names = unique_names(header)
    frame = frame.rename(dict(zip([c for c in frame.columns if c != "_row_number"], names, strict=True)))
    return frame.with_columns(pl.col("_row_number").cast(pl.Int64)), malformed, encoding, sep, nul


def unique_names(header: list[str]) -> list[str]:
    """Canonical column names, unique: an empty header cell becomes column_<n>, a repeated name
    gets _2, _3 (polars and the raw zone need unique names; the duplicate is kept, not dropped)."""
    names: list[str] = []
    for i, raw in enumerate(header, start=1):
        name = _canonical_name(raw) or f"column_{i}"
        candidate, n = name, 1
        while candidate in names or candidate == "_row_number":
            n += 1
            candidate = f"{name}_{n}"
        names.append(candidate)
    return names


def _read_tolerant(text: str, sep: str) -> tuple[list[str], pl.DataFrame, Malformed]:
    """Slow path for structurally broken files: keep well-formed records, report the rest.
    Returns (header, frame of positional text columns plus ``_row_number``, malformed records)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    good: list[list[str]] = []
    numbers: list[int] = []
    bad: Malformed = []
    header: list[str] = []
    number = 0
    try:
        header = next(reader, [])
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
        bad.append((number + 1, header, [], f"unreadable from here on: {exc}"))
    positional = [f"c{i}" for i in range(len(header))]
    frame = pl.DataFrame(good, schema=[(c, pl.String) for c in positional], orient="row")
    return header, frame.with_columns(pl.Series("_row_number", numbers, dtype=pl.Int64)), bad


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
    return normalised.cast(pl.Float64, strict=False)


def _typed(col: str, kind: str) -> pl.Expr:
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


def rejected_result(table: str, path: Path, message: str, sha256: str = "") -> FileResult:
    """A file of which nothing is loaded (and, without rows read, nothing quarantined)."""
    empty = pl.DataFrame(schema=QUARANTINE_SCHEMA)
    return FileResult(table, path, sha256, "rejected", " ".join(message.split()), pl.DataFrame(), empty, 0)


def _value_limits(
    strings: pl.DataFrame, present: list[str], shown: dict[str, str], limits: IngestLimits, may_have_nul: bool
) -> tuple[pl.DataFrame, pl.Expr | None]:
    """Fields over JOURNEY_MAX_FIELD_BYTES and fields with a NUL byte: the reason per row, and the frame
    with those values made harmless (cut to the quarantine's length, NUL shown as ␀) before anything
    copies them. A normal file costs one vectorised length check (the byte length of a polars string is
    stored, not counted) and nothing else; the NUL scan runs only when the text holds one."""
    if not present:
        return strings, None
    too_long = {c: pl.col(c).str.len_bytes() > limits.max_field_bytes for c in present}
    has_nul = {c: pl.col(c).str.contains("\x00", literal=True) for c in present}
    longest = strings.select(pl.col(present).str.len_bytes().max()).row(0)
    long_cols = [c for c, n in zip(present, longest, strict=True) if (n or 0) > limits.max_field_bytes]
    nul_cols = []
    if may_have_nul:
        found = strings.select(*[e.any().alias(f"nul_{i}") for i, e in enumerate(has_nul.values())]).row(0)
        nul_cols = [c for c, hit in zip(present, found, strict=True) if hit]
    if not long_cols and not nul_cols:
        return strings, None
    reasons = [
        _reason(
            too_long[c],
            _msg(
                f"column '{shown[c]}': ",
                pl.col(c).str.len_bytes().cast(pl.String),
                f" bytes, over the limit of {limits.max_field_bytes} (JOURNEY_MAX_FIELD_BYTES)",
            ),
        )
        for c in long_cols
    ] + [_reason(has_nul[c], f"column '{shown[c]}' contains a NUL byte") for c in nul_cols]
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None)
    strings = strings.with_columns(reason.alias("_value_reason"))
    strings = strings.with_columns(
        *[cut_text(pl.col(c), limits.quarantine_text_chars) for c in long_cols if c not in nul_cols],
        *[
            cut_text(pl.col(c), limits.quarantine_text_chars).str.replace_all("\x00", "␀", literal=True)
            for c in nul_cols
        ],
    )
    return strings, pl.col("_value_reason")


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
    cols = list(spec.columns)
    present = [c for c in strings.columns if c != "_row_number"]
    # names as messages and the log show them: a headerless file makes its first data row the header
    shown = {c: pii.safe_name(c) for c in present}
    extra_raw = [c for c in present if c not in spec.columns]
    extra = [shown[c] for c in extra_raw]
    # empty strings are missing values
    strings = strings.with_columns([pl.col(c).str.strip_chars().replace("", None) for c in present])
    # oversized values and NUL bytes: reason kept, values cut, before pseudonymisation copies them
    strings, value_reason = _value_limits(strings, present, shown, limits, may_have_nul)
    strings = strings.with_columns([pl.lit(None, pl.String).alias(c) for c in cols if c not in present])
    # pseudonymise before anything (including the quarantine's raw text) is written
    strings = strings.with_columns(
        pii.protect_column(strings[col], key, kind) for col, kind in spec.pii.items()
    )
    unknown_pii = [c for c in extra_raw if pii.personal_column(c)]
    strings = strings.drop(unknown_pii)
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
        reason = (
            f"file rejected: required column '{missing[0]}' is missing "
            f"(header: {', '.join(shown[c] for c in present)})"
        )
        quarantined = strings.select(
            pl.lit(spec.table).alias("table_name"),
            pl.lit(path.name).alias("source_file"),
            pl.col("_row_number").alias("row_number"),
            raw_text,
            pl.lit(reason).alias("reason"),
        )
        quarantined = pl.concat(
            [_scrubbed(quarantined, key, limits), _malformed_frame(malformed, spec, path, key, limits)]
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
            extra_columns=extra,
        )

    stamps = [c for c, kind in spec.columns.items() if kind == "timestamp"]
    parsed = {c: parse_timestamps(strings[c], spec.source_tz) for c in stamps}
    typed = strings.select(
        "_row_number",
        raw_text,
        *([value_reason] if value_reason is not None else []),
        *[_typed(c, kind).alias(c) for c, kind in spec.columns.items() if kind != "timestamp"],
        *[pl.col(c).alias(f"_raw_{c}") for c in spec.columns],
    ).with_columns(
        *[values for values, _ in parsed.values()],
        *[skipped.alias(f"_dst_gap_{c}") for c, (_, skipped) in parsed.items()],
    )
    reasons = [value_reason] if value_reason is not None else []
    for c, kind in spec.columns.items():
        if kind == "string":
            continue
        unparsed = pl.col(f"_raw_{c}").is_not_null() & pl.col(c).is_null()
        if kind == "timestamp":  # a wall-clock time skipped by the spring DST change is not a typo
            in_gap = pl.col(f"_dst_gap_{c}")
            reasons.append(
                _reason(
                    unparsed & in_gap,
                    _msg(
                        f"column '{c}': ",
                        _quote(f"_raw_{c}"),
                        f" does not exist in {spec.source_tz} (clocks went forward)",
                    ),
                )
            )
            unparsed = unparsed & ~in_gap
        reasons.append(
            _reason(unparsed, _msg(f"column '{c}': ", _quote(f"_raw_{c}"), f" is not {TYPE_WORDS[kind]}"))
        )
    reasons += [
        _reason(
            pl.col(c) > now + limits.future_tolerance,
            _msg(
                f"column '{c}': ",
                pl.col(c).cast(pl.String),
                f" is in the future (more than {_hours(limits)} h ahead; JOURNEY_FUTURE_TOLERANCE_HOURS)",
            ),
        )
        for c in stamps
    ]
    if spec.date_floor:  # an order, case or answer dated 0001-01-01 is a placeholder, not a date
        floor = datetime.combine(limits.date_floor, clock(), tzinfo=UTC)
        reasons += [
            _reason(
                pl.col(c) < floor,
                _msg(
                    f"column '{c}': ",
                    _quote(f"_raw_{c}"),
                    f" is before {limits.date_floor} (JOURNEY_DATE_FLOOR), not a plausible date",
                ),
            )
            for c in stamps
        ]
    reasons += rule_reasons(suite, cols)
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True) if reasons else pl.lit("")
    typed = typed.with_columns(pl.when(reason != "").then(reason).alias("_reason"))
    bad = typed.filter(pl.col("_reason").is_not_null())
    good = typed.filter(pl.col("_reason").is_null()).select("_row_number", *cols)
    quarantined = pl.concat(
        [
            _scrubbed(
                bad.select(
                    pl.lit(spec.table).alias("table_name"),
                    pl.lit(path.name).alias("source_file"),
                    pl.col("_row_number").alias("row_number"),
                    "raw_text",
                    pl.col("_reason").alias("reason"),
                ),
                key,
                limits,
            ),
            _malformed_frame(malformed, spec, path, key, limits),
        ]
    ).sort("row_number")
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
    if extra:
        message += f"; extra columns kept out of the raw table: {', '.join(extra)}"
    if unknown_pii:
        message += f" (not even in the quarantine, may hold personal data: {', '.join(shown[c] for c in unknown_pii)})"
    return FileResult(
        spec.table,
        path,
        "",
        status,
        message,
        good,
        quarantined,
        len(good) + len(quarantined),
        extra_columns=extra,
    )


def _hours(limits: IngestLimits) -> str:
    return f"{limits.future_tolerance.total_seconds() / 3600:g}"


def _scrubbed(quarantined: pl.DataFrame, key: bytes, limits: IngestLimits) -> pl.DataFrame:
    """The quarantine keeps each bad row's raw text; columns the spec does not know (a free-text
    "Description") may hold e-mail addresses or phone numbers, so the text is scrubbed like feedback
    text. Only quarantined rows pay for this, never the loaded ones. Then the raw text is cut to
    JOURNEY_QUARANTINE_TEXT_CHARS (after scrubbing: a cut never splits an address the scrubber missed)."""
    if quarantined.is_empty():
        return quarantined
    scrubbed = quarantined.with_columns(
        pii.scrub_text_column(quarantined["raw_text"], key),
        pii.scrub_text_column(quarantined["reason"], key),  # reasons quote values
    )
    return scrubbed.with_columns(
        cut_text(pl.col("raw_text"), limits.quarantine_text_chars).str.replace_all("\x00", "␀", literal=True),
        pl.col("reason").str.replace_all("\x00", "␀", literal=True),
    )


def _malformed_frame(
    malformed: Malformed, spec: TableSpec, path: Path, key: bytes, limits: IngestLimits
) -> pl.DataFrame:
    """Quarantine rows of malformed records, their identifiers pseudonymised like good rows."""
    rows = []
    for number, header, fields, reason in malformed:
        safe = []
        for i, value in enumerate(fields):
            name = _canonical_name(header[i]) if i < len(header) else ""
            if name not in spec.columns and pii.personal_column(name):
                continue  # like a good row's raw text: an unknown column named as personal is left out
            value = cut_str(value, limits.quarantine_text_chars)  # a runaway field: its start is enough
            safe.append(pii.protect_value(value, key, spec.pii.get(name)))
        rows.append((spec.table, path.name, number, ",".join(safe), reason))
    frame = pl.DataFrame(rows, schema=QUARANTINE_SCHEMA, orient="row")
    if frame.is_empty():
        return frame
    return frame.with_columns(
        cut_text(pl.col("raw_text"), limits.quarantine_text_chars).str.replace_all("\x00", "␀", literal=True),
        pl.col("reason").str.replace_all("\x00", "␀", literal=True),
    )
