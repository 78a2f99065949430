"""Asset checks on the raw zone: the great-expectations suite of each table, and rejected files."""

import dagster as dg
import polars as pl

from pipeline.config import Settings
from pipeline.ingest.results import NOT_ACCEPTED
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import Expectation, SuiteError, load_suite
from pipeline.quality.gx import load_batch, validate


def describe_expectation(e: Expectation) -> str:
    """One expectation of a suite in words, e.g. `case_id` is unique."""
    kw = e.kwargs
    column = f"`{kw['column']}`" if kw.get("column") else "the table"
    said = {
        "expect_column_values_to_not_be_null": f"{column} is never null",
        "expect_column_values_to_be_unique": f"{column} is unique",
        "expect_column_values_to_be_between": f"{column} "
        + (
            f"lies between {kw['min_value']} and {kw['max_value']}"
            if kw.get("min_value") is not None and kw.get("max_value") is not None
            else f"is at least {kw['min_value']}"
            if kw.get("min_value") is not None
            else f"is at most {kw.get('max_value')}"
        ),
        "expect_column_values_to_be_in_set": f"{column} is one of {', '.join(map(str, kw.get('value_set', [])))}",
        "expect_column_values_to_match_regex": f"{column} matches `{kw.get('regex')}`",
    }.get(e.type)
    if said is None:
        args = ", ".join(f"{k}={v}" for k, v in kw.items() if k != "column")
        said = f"{e.type} on {column}{f' ({args})' if args else ''}"
    if kw.get("mostly") is not None:
        said += f" (for at least {float(kw['mostly']):.0%} of the rows)"
    return said


def describe_suite(table: str) -> str:
    """The check's description from the suite file: each expectation in words, critical ones first."""
    head = (
        f"Runs `expectations/{table}.json` with great-expectations on the loaded rows of raw/{table}; "
        "fails (and blocks everything downstream) when a critical expectation fails."
    )
    try:
        suite = load_suite(table)
    except SuiteError as exc:  # the check raises the same error when it runs
        return f"{head} The suite cannot be read: {exc}"
    lines = [head, ""]
    for severity in ("critical", "warning"):
        said = [describe_expectation(e) for e in suite.expectations if e.severity == severity]
        if said:
            label = "Critical" if severity == "critical" else "Warning only (reported, never blocks)"
            lines += [f"{label}:", *(f"- {s}" for s in said), ""]
    return "\n".join(lines).strip()


def build_gx_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", table]),
        name=f"great_expectations_{table}_suite_passes",
        blocking=True,
        description=describe_suite(table),
    )
    def _check(settings: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        cfg = settings
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
    def _check(settings: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        cfg = settings
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
