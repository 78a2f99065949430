"""Order-independent checksums of DuckDB tables, for tests that compare two builds."""

import hashlib
from pathlib import Path

import duckdb


def table_checksums(database: Path, tables) -> dict[str, str]:
    """sha256 of each table's rows sorted by all columns (row order is not part of a table's content)."""
    out = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table in tables:
            frame = con.sql(f"select * from {table}").pl()
            frame = frame.sort(frame.columns)
            out[table] = hashlib.sha256(frame.write_csv().encode()).hexdigest()
    return out
