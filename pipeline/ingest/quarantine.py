"""The quarantine of one file: its bad rows with their raw text and reason, scrubbed of personal data
and cut to JOURNEY_QUARANTINE_TEXT_CHARS; malformed records (the CSV reader could not split them into
the header's fields) pseudonymised like good rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest import pii
from pipeline.ingest.bounds import cut_str, cut_text
from pipeline.ingest.reading import Malformed, canonical_name
from pipeline.ingest.results import QUARANTINE_SCHEMA
from pipeline.ingest.specs import TableSpec


def quarantine_rows(
    rows: pl.DataFrame,
    table: str,
    path: Path,
    raw_text: pl.Expr,
    reason: pl.Expr,
    key: bytes,
    limits: IngestLimits,
) -> pl.DataFrame:
    """The quarantine frame of ``rows`` (which have a ``_row_number``): each row's raw text and reason,
    scrubbed and cut."""
    quarantined = rows.select(
        pl.lit(table).alias("table_name"),
        pl.lit(path.name).alias("source_file"),
        pl.col("_row_number").alias("row_number"),
        raw_text.alias("raw_text"),
        reason.alias("reason"),
    )
    return scrubbed(quarantined, key, limits)


def scrubbed(quarantined: pl.DataFrame, key: bytes, limits: IngestLimits) -> pl.DataFrame:
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


def malformed_frame(
    malformed: Malformed, spec: TableSpec, path: Path, key: bytes, limits: IngestLimits
) -> pl.DataFrame:
    """Quarantine rows of malformed records, their identifiers pseudonymised like good rows."""
    rows = []
    for number, header, fields, reason in malformed:
        safe = []
        for i, value in enumerate(fields):
            name = canonical_name(header[i]) if i < len(header) else ""
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
