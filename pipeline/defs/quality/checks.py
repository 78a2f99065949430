"""Asset checks on the raw zone: the great-expectations suite of each table, and rejected files."""

import dagster as dg
import polars as pl

from pipeline.defs.shared import settings
from pipeline.ingest.files import NOT_ACCEPTED
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.quality.gx import load_batch, validate


def build_gx_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", table]),
        name=f"great_expectations_{table}_suite_passes",
        blocking=True,
        description=f"Runs expectations/{table}.json with great-expectations on the loaded rows; a failed "
        "critical expectation blocks everything downstream.",
    )
    def _check() -> dg.AssetCheckResult:
        cfg = settings()
        suite = load_suite(table)  # a broken suite file raises here: an error, never a skipped check
        files = [p for p in (cfg.raw_dir / table).glob("*.parquet")]
        # the batch as staging sees it (the latest copy of a re-delivered id), bounded and read lazily;
        # duplicates within one file never got this far (quarantined at ingestion)
        frame, rows_in_raw_zone = load_batch(files, SPECS[table].key)
        if frame.is_empty():
            return dg.AssetCheckResult(passed=True, metadata={"rows_validated": 0, "note": "no rows loaded"})
        outcome = validate(frame.drop([c for c in frame.columns if c.startswith("_")]), suite)
        failed = [o for o in outcome.outcomes if not o.success]
        details = (
            "\n".join(
                f"- {o.severity}: {o.type}({o.column}) — {o.unexpected_count} unexpected "
                f"({o.unexpected_percent:.2f}%), e.g. {', '.join(o.sample_values)}"
                for o in failed
            )
            or "all passed"
        )
        return dg.AssetCheckResult(
            passed=not outcome.critical_failures,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "rows_validated": outcome.rows_validated,
                "rows_total": rows_in_raw_zone,
                "expectations": len(outcome.outcomes),
                "failed_critical": len(outcome.critical_failures),
                "failed_warning": len(outcome.warnings),
                "failed_expectations": dg.MetadataValue.md(details),
            },
        )

    return _check


def build_files_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", table]),
        name=f"every_{table}_file_was_accepted",
        description="Fails when a landing file loaded nothing: rejected as a whole (unreadable, empty, "
        "header only, required column missing, a link or special file, a parser failure) or every row "
        "quarantined; the other files still load, and `python -m pipeline.run` exits with 3.",
    )
    def _check() -> dg.AssetCheckResult:
        cfg = settings()
        logs = list((cfg.raw_dir / "_audit" / "ingestion_log" / table).glob("*.parquet"))
        log = pl.read_parquet(logs) if logs else pl.DataFrame({"status": [], "message": []})
        rejected = log.filter(pl.col("status").is_in(NOT_ACCEPTED))
        return dg.AssetCheckResult(
            passed=rejected.is_empty(),
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "files": len(log),
                "rejected_files": len(rejected),
                "messages": "\n".join(rejected["message"].to_list()) or "none",
            },
        )

    return _check


raw_checks = [build_gx_check(t) for t in SPECS] + [build_files_check(t) for t in SPECS]
