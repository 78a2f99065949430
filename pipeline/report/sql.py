"""Running the report's queries on the serving file: rows as dicts, and whether a table exists."""

from __future__ import annotations

import duckdb


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Tables this report reads that an older serving file may not have yet."""
    sql = "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(rows(con, sql, [schema, table])[0]["n"])
