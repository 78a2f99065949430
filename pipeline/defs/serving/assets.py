"""Publish the build warehouse to the serving file BI tools read, atomically."""

import json
import os
import shutil
import time
from datetime import timedelta
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline import duckdb_connect
from pipeline.config import PROJECT_ROOT, Settings
from pipeline.defs.shared import DUCKDB_POOL, markdown_table, stage
from pipeline.run_records import StageRecord, closed_stage_frame, load_run_records

PUBLISHED_SCHEMAS = ("marts", "audit", "atlas")  # atlas: the reference data BI joins to
DBT_MANIFEST = PROJECT_ROOT / "dbt_project" / "target" / "manifest.json"


def contract_tables(manifest_path: Path = DBT_MANIFEST) -> tuple[str, ...]:
    """The serving contract: every model of schema marts whose dbt contract is enforced
    (`config: {contract: {enforced: true}}` with a data_type on every column, in the dbt yml), from the
    parsed manifest (`make manifest`), sorted by folder and name. One home:
    a table joins the contract in its yml, and docs/bi.md lists them (tests/test_contract_tables.py)."""
    if not manifest_path.exists():
        raise FileNotFoundError(f"{manifest_path} is missing: run `make manifest` (dbt parse) first")
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    contracted = [
        n
        for n in nodes
        if n["resource_type"] == "model" and n["schema"] == "marts" and n["config"]["contract"]["enforced"]
    ]
    return tuple(n["name"] for n in sorted(contracted, key=lambda n: n["fqn"]))


CONTRACT_TABLES = contract_tables()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def copy_comments(con, schema: str, table: str) -> None:
    """The table and column comments of build.<schema>.<table> (the dbt yml descriptions, written by
    persist_docs) onto serving.<schema>.<table>: `create table ... as select` does not carry them, and
    BI tools (DBeaver, Metabase, Superset) show them from duckdb_tables() / duckdb_columns()."""
    table_comment = con.execute(
        "select comment from duckdb_tables() where database_name = 'build' and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    if table_comment and table_comment[0][0]:
        con.execute(f"comment on table serving.{schema}.{table} is {_literal(table_comment[0][0])}")
    columns = con.execute(
        "select column_name, comment from duckdb_columns() where database_name = 'build' and schema_name = ? "
        "and table_name = ? and comment is not null and comment <> '' order by column_index",
        [schema, table],
    ).fetchall()
    for column, comment in columns:
        quoted = '"' + column.replace('"', '""') + '"'
        con.execute(f"comment on column serving.{schema}.{table}.{quoted} is {_literal(comment)}")


def publish(
    cfg: Settings, serving_db: Path | None = None, runs=None, own_record: StageRecord | None = None
) -> dict[str, int]:
    """Copy the published schemas of the build file into a new file next to the serving file
    (``serving_db``, by default the settings') and move it into place with os.replace: readers see the
    old file or the new one, never a mix. The copy runs within the dbt build's memory limit, spilling to
    its spill directory (settings). ``runs`` (a polars frame of stage records) becomes ``audit.runs`` in
    the new file, with ``own_record`` (this publish's stage record) closed once the tables are copied:
    its seconds are the copy's, not only what came before it."""
    serving_db = serving_db or cfg.serving_db
    storage_version = cfg.serving.storage_version
    tmp = serving_db.with_name(f".{serving_db.name}.publishing")
    tmp.unlink(missing_ok=True)
    serving_db.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb_connect.connect(memory_limit=cfg.dbt.duckdb_memory, spill_dir=cfg.spill_dir)
    try:
        con.execute(f"attach '{cfg.build_db}' as build (read_only)")
        option = f" (storage_version '{storage_version}')" if storage_version else ""
        con.execute(f"attach '{tmp}' as serving{option}")
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = 'build' "
            f"and table_schema in ({', '.join(repr(s) for s in PUBLISHED_SCHEMAS)}) order by 1, 2"
        ).fetchall()
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists serving.{schema}")
        for schema, table in tables:
            con.execute(f"create table serving.{schema}.{table} as select * from build.{schema}.{table}")
            copy_comments(con, schema, table)
            counts[f"{schema}.{table}"] = con.execute(
                f"select count(*) from serving.{schema}.{table}"
            ).fetchall()[0][0]
        if own_record is not None:
            runs = pl.concat([runs, closed_stage_frame(own_record)], how="vertical")
        if runs is not None:
            con.register("runs_frame", runs.to_arrow())
            con.execute(
                "create table serving.audit.runs as select * from runs_frame order by started_at, stage"
            )
            counts["audit.runs"] = len(runs)
        con.execute("detach serving")
    finally:
        con.close()
    missing = [t for t in CONTRACT_TABLES if f"marts.{t}" not in counts]
    if missing:
        tmp.unlink(missing_ok=True)
        raise dg.Failure(f"build warehouse lacks contract tables {missing}; serving file left unchanged")
    os.replace(tmp, serving_db)
    return counts


def export_parquet(serving_db, target_dir) -> int:
    """Every published table as Parquet under target_dir/<schema>/<table>.parquet, for tools without
    DuckDB. Written to a fresh directory that then replaces the previous export (two renames: a reader
    may briefly find no directory, never a mix of two nights)."""
    fresh = target_dir.with_name(f".{target_dir.name}.new")
    old = target_dir.with_name(f".{target_dir.name}.old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    files = 0
    with duckdb_connect.connect(str(serving_db), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            (fresh / schema).mkdir(parents=True, exist_ok=True)
            path = fresh / schema / f"{table}.parquet"
            con.execute(f'copy "{schema}"."{table}" to \'{path}\' (format parquet, compression zstd)')
            files += 1
    if target_dir.exists():
        os.replace(target_dir, old)
    os.replace(fresh, target_dir)
    if old.exists():
        shutil.rmtree(old)
    return files


def table_metadata(con, schema: str, table: str, rows: int) -> dict:
    """Row count, column schema and a five-row preview of a published table."""
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    preview = con.sql(f'select * from "{schema}"."{table}" limit 5').pl()
    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "dagster/column_schema": dg.TableSchema(columns=[dg.TableColumn(name=c, type=t) for c, t in columns]),
        "preview": dg.MetadataValue.md(markdown_table(preview, 5)),
    }


def late_beyond_lookback(con) -> tuple[int, int]:
    """Events more than the lookback late and the export files that brought them, read from
    audit.late_events (their one home; the incremental models restated their days)."""
    events, files = con.execute(
        "select coalesce(sum(late_events), 0), count(distinct source_file) from audit.late_events "
        "where beyond_lookback"
    ).fetchone()
    return int(events), int(files)


def table_observations(serving_db, counts: dict[str, int]) -> list[dg.AssetObservation]:
    """Schema and a five-row preview of every published table, as observations of the asset that built
    it (the dbt model or seed), so its page in the Dagster UI shows what BI tools see. The row count is
    on the model's materialization (the dbt step records it, so the UI plots it across runs); audit.runs,
    which the publish writes itself, gets all of it on its own materialization."""
    events = []
    with duckdb_connect.connect(str(serving_db), read_only=True) as con:
        for name, rows in counts.items():
            if name == "audit.runs":
                continue
            schema, table = name.split(".")
            metadata = table_metadata(con, schema, table, rows)
            del metadata["dagster/row_count"]
            events.append(dg.AssetObservation(asset_key=dg.AssetKey([schema, table]), metadata=metadata))
    return events


# BI tools expect last night's data in the morning: the nightly run starts at 02:00
# (JOURNEY_NIGHTLY_CRON) and takes minutes. Dagster's freshness policy (evaluated by the daemon of
# `make dev` / the nightly deployment) warns when the serving file is older than a day and an hour,
# and fails it when a night was missed by more than four hours.
SERVING_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=28), warn_window=timedelta(hours=25)
)


@dg.multi_asset(
    name="serving__journeys_duckdb",
    specs=[
        dg.AssetSpec(
            ["serving", "journeys_duckdb"],
            group_name="serving",
            kinds={"duckdb"},
            owners=["team:data-engineering"],
            deps=[dg.AssetKey(["marts", t]) for t in (*CONTRACT_TABLES, "fct_funnel_dropoff_next")]
            + [
                dg.AssetKey(["audit", t])
                for t in ("ingestion_log", "quarantined_rows", "dq_behaviour_checks", "late_events")
            ],
            freshness_policy=SERVING_FRESHNESS,
            description="The serving warehouse JOURNEY_WAREHOUSE_DIR/journeys.duckdb (schemas marts, audit and "
            "atlas) that BI tools open read-only. Replaced atomically, only after every upstream blocking "
            "check passed.",
        ),
        dg.AssetSpec(
            ["audit", "runs"],
            group_name="audit",
            kinds={"duckdb"},
            owners=["team:data-engineering"],
            freshness_policy=SERVING_FRESHNESS,
            description="Table audit.runs of the serving file: one row per pipeline step of every run (stage, "
            "run id, window, started / finished, seconds, rows processed, outcome, detail), written by the "
            "publish from the run records of the warehouse, this run's publish included.",
        ),
    ],
    pool=DUCKDB_POOL,
)
def serving_warehouse(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    cfg = settings
    started = time.perf_counter()
    with stage(context, "publish") as record:
        with duckdb_connect.connect(str(cfg.build_db), read_only=True) as con:
            contract_rows = sum(
                con.execute(f"select count(*) from marts.{t}").fetchall()[0][0] for t in CONTRACT_TABLES
            )
        record.rows_processed = contract_rows
        # this run's own publish record goes into the file it publishes, closed after the copy
        counts = publish(cfg, runs=load_run_records(cfg.warehouse_dir), own_record=record)
    elapsed = time.perf_counter() - started
    parquet_files = 0
    if cfg.serving.parquet_export:
        parquet_files = export_parquet(cfg.serving_db, cfg.warehouse_dir / "parquet")
    for event in table_observations(cfg.serving_db, counts):
        context.log_event(event)
    empty = [k for k, v in counts.items() if v == 0 and k.split(".")[1] in CONTRACT_TABLES]
    if empty:
        context.log.warning(f"published contract tables without rows: {empty}")
    with duckdb_connect.connect(str(cfg.serving_db), read_only=True) as con:
        runs_metadata = table_metadata(con, "audit", "runs", counts["audit.runs"])
        late = late_beyond_lookback(con) if "audit.late_events" in counts else (0, 0)
    yield dg.MaterializeResult(
        asset_key=["serving", "journeys_duckdb"],
        metadata={
            "path": dg.MetadataValue.path(str(cfg.serving_db)),
            "storage_version": cfg.serving.storage_version or "default",
            "tables": dg.MetadataValue.int(len(counts)),
            "contract_rows": dg.MetadataValue.int(contract_rows),
            "row_counts": dg.MetadataValue.json(counts),
            "seconds": dg.MetadataValue.float(round(elapsed, 2)),
            "parquet_export_files": dg.MetadataValue.int(parquet_files),
            "late_events_beyond_lookback": dg.MetadataValue.int(late[0]),
            "late_event_files": dg.MetadataValue.int(late[1]),
        },
    )
    yield dg.MaterializeResult(asset_key=["audit", "runs"], metadata=runs_metadata)
