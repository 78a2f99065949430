"""Small helpers the Dagster definitions share."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipeline.config import Settings, load_settings

DUCKDB_POOL = "duckdb_build"  # everything that opens the build file; the instance limits it to 1


def settings() -> Settings:
    return load_settings()


def connect_build(cfg: Settings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    cfg.build_db.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(cfg.build_db), read_only=read_only)


def markdown_table(frame: pl.DataFrame, limit: int = 10) -> str:
    """A small Markdown preview for asset metadata."""
    head = frame.head(limit)
    cols = head.columns
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in head.iter_rows():
        lines.append("| " + " | ".join("" if v is None else str(v)[:40] for v in row) + " |")
    return "\n".join(lines)


def atomic_write_parquet(frame: pl.DataFrame, target: Path) -> None:
    import os

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    frame.write_parquet(tmp)
    os.replace(tmp, target)
