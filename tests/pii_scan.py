"""Find clear-text personal data anywhere under a directory, including inside compressed files.

A plain byte search misses text in zstd-compressed Parquet pages or FSST-compressed DuckDB strings,
so Parquet and DuckDB files are opened and every text value is searched; other files byte by byte."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl


def _texts_of_parquet(path: Path) -> list[str]:
    frame = pl.read_parquet(path)
    return [
        "\n".join(v for v in frame[c].to_list() if v) for c in frame.columns if frame[c].dtype == pl.String
    ]


def _texts_of_duckdb(path: Path) -> list[str]:
    texts = []
    with duckdb.connect(str(path), read_only=True) as con:
        columns = con.sql(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        for schema, table, column in columns:
            values = con.sql(
                f'select "{column}" from "{schema}"."{table}" where "{column}" is not null'
            ).fetchall()
            texts.append("\n".join(v[0] for v in values))
    return texts


def find_pii(directory: Path, needles: list[str]) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in clear text under ``directory``."""
    hits = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            haystacks = _texts_of_parquet(path)
        elif path.suffix == ".duckdb":
            haystacks = _texts_of_duckdb(path)
        else:
            haystacks = [path.read_bytes().decode("utf-8", errors="replace")]
        text = "\n".join(haystacks)
        hits += [(str(path), n) for n in needles if n in text]
    return hits
