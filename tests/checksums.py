"""Order-independent checksums of DuckDB tables, for tests that compare two builds."""

import hashlib
from pathlib import Path

import duckdb

from pipeline.defs.serving.assets import CONTRACT_TABLES

# the contract tables a night and a full build of the same exports must agree on: all but the history
# tables, which hold one row per run
COMPARED = [f"marts.{t}" for t in CONTRACT_TABLES if not t.endswith("_history")]


# columns that differ between two warehouses of the same exports by when each ingested or built them:
# the file's ingestion time, and when the run that sessionised an event's day started (the incremental
# upkeep of fct_journey_events, docs/definitions.md)
RUN_TIMES = {
    "staging.stg_web__events": ("ingested_at",),
    "intermediate.int_events_sessionised": ("sessionised_at",),
    "marts.fct_journey_events": ("sessionised_at",),
}


def table_checksums(database: Path, tables) -> dict[str, str]:
    """sha256 of each table's rows sorted by all columns (row order is not part of a table's content),
    without the RUN_TIMES columns."""
    out = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table in tables:
            excluded = RUN_TIMES.get(table)
            columns = f"* exclude ({', '.join(excluded)})" if excluded else "*"
            frame = con.sql(f"select {columns} from {table}").pl()
            frame = frame.sort(frame.columns)
            out[table] = hashlib.sha256(frame.write_csv().encode()).hexdigest()
    return out


def night_and_full_differ(root: Path, build_tables: list[str]) -> list[str]:
    """The tables in which a night (``root``/nightly) and a full build of the same exports
    (``root``/full) differ: ``build_tables`` of the build file, then every COMPARED table of the
    serving file; empty when the night equals the full rebuild."""
    differ = []
    for tables, file in (
        (build_tables, Path("build") / "journeys.duckdb"),
        (COMPARED, Path("journeys.duckdb")),
    ):
        nightly, full = (table_checksums(root / side / file, tables) for side in ("nightly", "full"))
        differ += [t for t in tables if nightly[t] != full[t]]
    return differ
