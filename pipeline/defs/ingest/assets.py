"""Ingestion assets: one per raw table, landing files -> typed, pseudonymised Parquet + quarantine."""

import time

import dagster as dg
import polars as pl

from pipeline import atomic
from pipeline.config import Settings
from pipeline.defs.shared import (
    DAILY,
    SINGLE_RUN,
    lookback_days,
    markdown_table,
    run_window,
    stage,
)
from pipeline.ingest.results import QUARANTINE_SCHEMA
from pipeline.ingest.specs import SPECS, TableSpec
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import LOG_SCHEMA, ingest_table


def _schema_frame(spec: TableSpec) -> pl.DataFrame:
    """Zero rows with the table's full schema, so dbt can read the table even before any file loads."""
    types = {
        "string": pl.String,
        "timestamp": pl.Datetime("us", "UTC"),
        "float": pl.Float64,
        "int": pl.Int64,
        "bool": pl.Boolean,
        "json": pl.String,
    }
    schema = {
        "_row_number": pl.Int64,
        **{c: types[t] for c, t in spec.columns.items()},
        "_source_file": pl.String,
        "_file_sha256": pl.String,
        "_ingested_at": pl.Datetime("us", "UTC"),
    }
    return pl.DataFrame(schema=schema)


def build_ingest_asset(spec: TableSpec) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", spec.table]),
        group_name="ingest",
        kinds={"polars", "parquet"},
        owners=["team:data-engineering"],
        # daily export files are partitioned by the day in their name; snapshot exports are not
        partitions_def=DAILY if spec.daily_files else None,
        backfill_policy=SINGLE_RUN if spec.daily_files else None,
        description=(
            f"Landing files `{spec.folder}/{'|'.join(spec.patterns)}` parsed with polars, validated row by row "
            f"against `expectations/{spec.table}.json`, pseudonymised and written to `raw/{spec.table}/` "
            "(one Parquet file per landing file). Bad rows go to the quarantine with a reason; unchanged "
            "files (same sha256) are skipped."
        ),
    )
    def _ingest(
        context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        cfg = settings
        suite = load_suite(spec.table)
        started = time.perf_counter()
        with stage(context, f"ingest/{spec.table}") as record:
            outcome = ingest_table(
                spec,
                suite,
                cfg.landing_dir,
                cfg.raw_dir,
                cfg.pii_key,
                window=run_window(context),
                lookback_days=lookback_days(),
                limits=cfg.limits,
                mappings_dir=cfg.mappings_dir,
                source_tz=cfg.source_tz.get(spec.table),
            )
            atomic.write_parquet(_schema_frame(spec), cfg.raw_dir / spec.table / "_schema.parquet")
            for name in ("quarantine", "ingestion_log"):
                schema = QUARANTINE_SCHEMA if name == "quarantine" else LOG_SCHEMA
                atomic.write_parquet(
                    pl.DataFrame(schema=schema), cfg.raw_dir / "_audit" / name / "_schema" / "_schema.parquet"
                )
            rows = sum(r.rows_read for r in outcome.results)
            record.rows_processed = rows
            record.detail = f"{len(outcome.results)} files ingested, {len(outcome.unchanged)} unchanged"
            if outcome.rejected:  # audit.runs names the files that loaded nothing, and why
                named = " | ".join(r.message[:300] for r in outcome.rejected)
                record.detail += f"; {len(outcome.rejected)} not accepted: {named}"[:2000]
        elapsed = time.perf_counter() - started
        if outcome.deferred:
            context.log.info(
                f"{len(outcome.deferred)} files dated after this run's partitions are left for their night: "
                f"{', '.join(outcome.deferred[:5])}{' …' if len(outcome.deferred) > 5 else ''}"
            )
        for r in outcome.results:
            context.log.info(f"{r.message} ({r.rows_read / max(r.seconds, 1e-9):,.0f} rows/s)")
        for r in outcome.rejected:
            context.log.error(
                f"{'REJECTED' if r.status == 'rejected' else 'ALL ROWS QUARANTINED'} {r.message}"
            )
        quarantined = (
            pl.concat([r.quarantined for r in outcome.results])
            if outcome.results
            else pl.DataFrame(schema=QUARANTINE_SCHEMA)
        )
        return dg.MaterializeResult(
            metadata={
                "files_ingested": len(outcome.results),
                "files_unchanged": len(outcome.unchanged),
                "files_left_for_later_partitions": len(outcome.deferred),
                "files_rejected": len(outcome.rejected),
                "rejected": "\n".join(r.message for r in outcome.rejected) or "none",
                "rows_read": rows,
                "rows_loaded": sum(r.rows_loaded for r in outcome.results),
                "rows_quarantined": sum(r.rows_quarantined for r in outcome.results),
                "rows_per_second": round(rows / elapsed, 1) if elapsed else 0.0,
                "quarantine_preview": dg.MetadataValue.md(
                    markdown_table(quarantined.select("source_file", "row_number", "reason"))
                ),
            }
        )

    return _ingest


ingest_assets = [build_ingest_asset(spec) for spec in SPECS.values()]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw_audit", "ingestion_log"],
            group_name="ingest",
            kinds={"parquet"},
            owners=["team:data-engineering"],
            deps=[a.key for a in ingest_assets],
            description="Per landing file: rows read / loaded / quarantined, sha256, status, timing.",
        ),
        dg.AssetSpec(
            ["raw_audit", "quarantine"],
            group_name="ingest",
            kinds={"parquet"},
            owners=["team:data-engineering"],
            deps=[a.key for a in ingest_assets],
            description="Every row that was not loaded, with file, row number, raw text and reason.",
        ),
    ],
)
def ingestion_audit(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    """Reconciles the ingestion: for every file, rows read = rows loaded + rows quarantined."""
    cfg = settings
    log = pl.read_parquet(cfg.raw_dir / "_audit" / "ingestion_log" / "*" / "*.parquet")
    unbalanced = log.filter(pl.col("rows_read") != pl.col("rows_loaded") + pl.col("rows_quarantined"))
    if len(unbalanced):
        raise dg.Failure(f"ingestion counts do not reconcile for {unbalanced['source_file'].to_list()}")
    totals = log.select(pl.col("rows_read", "rows_loaded", "rows_quarantined").sum()).row(0, named=True)
    context.log.info(f"ingestion reconciles over {len(log)} files: {totals}")
    yield dg.MaterializeResult(
        asset_key=["raw_audit", "ingestion_log"], metadata={"files": len(log), **totals}
    )
    yield dg.MaterializeResult(
        asset_key=["raw_audit", "quarantine"], metadata={"rows_quarantined": totals["rows_quarantined"]}
    )
