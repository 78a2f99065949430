"""Read a landing file into text columns: open it safely, decode it, tell CSV from JSON lines, sniff
the separator, and read the CSV (a tolerant slow path keeps the well-formed records of a broken file
and reports the rest as malformed).

A landing file is opened without following a symbolic link and refused unless it is a regular file
(a FIFO, socket or device is never read).
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
import zlib
from pathlib import Path

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest import ga4
from pipeline.ingest.results import FileRejected

# C0 control characters other than tab, newline, form feed and carriage return, and DEL
_CONTROL = dict.fromkeys([*range(9), 11, *range(14, 32), 127])


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


def sniff_separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","


def canonical_name(name: str) -> str:
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
    sep = sniff_separator(text)
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
        name = canonical_name(raw) or f"column_{i}"
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
