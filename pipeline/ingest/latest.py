"""Which copy of a row counts when an id was delivered more than once: the latest, in exactly the
order the dbt staging models rank copies (``partition by <id> order by _ingested_at desc,
_source_file desc, _row_number desc``, the first wins): the copy with the latest ingestion, then the
greatest source file name, then the greatest row number. Python code that reads the raw zone (the GX
batch, the voice asset) uses this, so it sees the copy the marts keep."""

from __future__ import annotations

from typing import TypeVar

import polars as pl

COPY_ORDER = ("_ingested_at", "_source_file", "_row_number")

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def latest_copy(frame: Frame, key: str) -> Frame:
    """One row per ``key``: the latest copy by COPY_ORDER (a frame or a lazy frame; nulls count as
    earliest, as in DuckDB's descending order, where they come last)."""
    return frame.sort(COPY_ORDER, maintain_order=True).unique(subset=[key], keep="last", maintain_order=True)
