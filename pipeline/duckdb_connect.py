"""Every DuckDB connection the pipeline opens, with its time zone pinned.

DuckDB takes its TimeZone setting from the host (the TZ environment variable, /etc/localtime) when a
connection opens, and casts of timestamps with time zone to dates, date_trunc and the timestamps it
hands to Python follow that setting: on a host in Europe/Berlin the same data would get other dates.
The warehouse's dates are UTC dates (docs/definitions.md), so every connection sets TimeZone to UTC;
the dbt build gets the same setting from dbt_project/profiles.yml."""

from __future__ import annotations

from pathlib import Path

import duckdb

TIME_ZONE = "UTC"


def connect(
    database: str | Path = ":memory:",
    read_only: bool = False,
    *,
    memory_limit: str | None = None,
    spill_dir: Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with TimeZone = UTC. (Set after opening: as a connect-time config option DuckDB
    refuses TimeZone, the ICU extension that owns it is not loaded yet.) A connection that moves a
    whole warehouse (the publish) passes the product's ``memory_limit`` and ``spill_dir`` (settings):
    DuckDB's default, 80 % of the machine's memory, let the publish of a 100M-event build grow to
    10.9 GB resident, the buffer pool holding the copied tables."""
    con = duckdb.connect(str(database), read_only=read_only)
    try:
        con.execute(f"set TimeZone = '{TIME_ZONE}'")
        if memory_limit:
            con.execute(f"set memory_limit = '{memory_limit}'")
        if spill_dir:
            Path(spill_dir).mkdir(parents=True, exist_ok=True)
            con.execute(f"set temp_directory = '{spill_dir}'")
    except BaseException:
        con.close()
        raise
    return con
