"""Run the full build from the command line (what `make run` does), holding the writer lock for the
whole run so that runs started together queue instead of failing on DuckDB's lock.

    python -m pipeline.run                         # every day the landing directory has exports for
    python -m pipeline.run --date 2026-08-30       # one night (one daily partition)
    python -m pipeline.run --from 2026-08-01 --to 2026-08-30   # a backfill, in one run
    python -m pipeline.run --full-refresh          # rebuild dbt's incremental models from scratch

The run is recorded in the Dagster instance of DAGSTER_HOME (it shows in the UI next to scheduled
runs); without DAGSTER_HOME an ephemeral instance is used.

Output (docs/operations.md, "What a run prints"): a progress line per stage, each warning once and a
closing summary (or, on failure, the stage, the error in one paragraph and where the log is); the full
Dagster and dbt log goes to JOURNEY_WAREHOUSE_DIR/logs/run-<UTC time>.log. --quiet prints only
warnings, errors and the summary; --verbose also prints the full log (on stderr).

Exit status (docs/operations.md): 0 the night published and every landing file was accepted;
3 the night published, but landing files loaded nothing (rejected, or every row quarantined; listed
at the end); 1 the night failed, nothing was published; 2 a configuration error, nothing was run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.config import ConfigError, Settings, load_settings

EXIT_PUBLISHED = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_PUBLISHED_WITH_REJECTED_FILES = 3


def landing_days(settings: Settings) -> tuple[date, date] | None:
    """First and last day of the daily export files in the landing directory."""
    from pipeline.ingest.file_dates import file_date
    from pipeline.ingest.mappings import load_mappings
    from pipeline.ingest.specs import SPECS
    from pipeline.ingest.zone import landing_files

    mappings = load_mappings(settings.mappings_dir)
    days = [
        day
        for spec in SPECS.values()
        if spec.daily_files
        for path in landing_files(spec, settings.landing_dir, mappings)
        if (day := file_date(path.name)) is not None
    ]
    return (min(days), max(days)) if days else None


def resolve_window(first: date | None, last: date | None, settings: Settings) -> tuple[date, date]:
    """The run's partitions: as given, else the landing directory's days, clamped to the partitions
    that exist (a file dated today waits for tonight; the first partition is JOURNEY_PARTITION_START)."""
    from pipeline.defs.automation.jobs import clamp_to_partitions, latest_partition

    if first is None or last is None:
        span = landing_days(settings)
        first = first or (span[0] if span else latest_partition())
        last = last or (span[1] if span else latest_partition())
    clamped = clamp_to_partitions(first, last)
    if clamped[0] > clamped[1]:
        raise ConfigError(
            f"no daily partition between {first} and {last} (JOURNEY_PARTITION_START … yesterday)"
        )
    return clamped


def execute(
    first: date,
    last: date,
    settings: Settings,
    instance=None,
    tags: dict | None = None,
    loggers: dict | None = None,
    log=None,
    full_refresh: bool = False,
):
    """Run full_build over the partitions first..last in this process with ``settings`` (the run's
    resource ``settings``), under the writer lock. ``loggers``: Dagster logger definitions that replace
    the job's (its default: the console logger); ``full_refresh``: the dbt step's run config."""
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.defs.automation.jobs import partition_request
    from pipeline.defs.automation.recovery import PROCESS_TAG, recover_killed_runs
    from pipeline.defs.shared import settings_resource
    from pipeline.defs.transform.dbt import dbt_resource, journey_dbt_models
    from pipeline.process_identity import process_identity
    from pipeline.writer_lock import writer_lock

    request = partition_request(first, last, tags={**(tags or {}), PROCESS_TAG: process_identity()})
    if instance is None:
        # DAGSTER_HOME is Dagster's own variable (where its instance lives), not a setting of this project
        instance = (
            dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
        )
    log = log or _PrintLog()
    job = defs.resolve_job_def("full_build")
    run_config = {}
    if full_refresh:
        run_config["ops"] = {journey_dbt_models.op.name: {"config": {"full_refresh": True}}}
    if loggers:  # they replace the default console logger; a logger runs when the run config names it
        job = job.with_logger_defs(loggers)
        run_config["loggers"] = {name: {} for name in loggers}
    with writer_lock(settings.warehouse_dir, log=log, timeout_seconds=None):
        recover_killed_runs(instance, log)  # a killed earlier run must not hold the pool slot
        return job.execute_in_process(
            run_config=run_config or None,
            # the dbt resource follows the run's settings too (its engine: JOURNEY_ENGINE)
            resources={"settings": settings_resource(settings), "dbt": dbt_resource(settings)},
            instance=instance,
            partition_key=request.partition_key,
            tags=request.tags,
            raise_on_error=False,
        )


def files_not_accepted(result) -> list[str]:
    """The messages of the landing files the run's checks every_<table>_file_was_accepted reported:
    files that loaded nothing (rejected, or every row quarantined), each naming the file and cause."""
    messages = []
    for evaluation in result.get_asset_check_evaluations():
        name = evaluation.check_name
        if name.startswith("every_") and name.endswith("_file_was_accepted") and not evaluation.passed:
            text = evaluation.metadata["messages"].value  # one line per file
            messages += [m for m in text.splitlines() if m.strip() and m != "none"]
    return messages


class _PrintLog:
    def info(self, message: str) -> None:
        print(message, flush=True)

    def warning(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr, flush=True)


class _ConsoleLog:
    """The writer lock's and the run recovery's messages, on the console (they explain a wait)."""

    def __init__(self, console):
        self.console = console

    def info(self, message: str) -> None:
        self.console.progress(message)

    def warning(self, message: str) -> None:
        self.console.warning("", message)


def run_log_path(warehouse_dir: Path, now: datetime | None = None) -> Path:
    """Where a run's full log goes: <warehouse>/logs/run-<UTC time>.log."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(warehouse_dir) / "logs" / f"run-{stamp}-{os.getpid()}.log"


def main(argv: list[str] | None = None) -> int:
    from pipeline.cli_output import Console, failure_lines, summary_lines

    parser = argparse.ArgumentParser(prog="python -m pipeline.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", type=date.fromisoformat, help="one night: the day (partition) to build")
    parser.add_argument("--from", dest="first", type=date.fromisoformat, help="first day of a backfill")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, help="last day of a backfill")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="only warnings, errors and the summary")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also the full log (on stderr)")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild dbt's incremental models from scratch (after changing their columns)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    console = Console(sys.stdout, sys.stderr, quiet=args.quiet)
    with warnings.catch_warnings(record=True) as early:  # shown once the run's console is set up
        warnings.simplefilter("always")
        try:
            cfg = load_settings()
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_CONFIG
    log_path = run_log_path(cfg.warehouse_dir)
    outcome = _run(args, cfg, console, log_path, early)
    if isinstance(outcome, int):
        return outcome
    result, first, last = outcome
    seconds = time.monotonic() - started
    if not result.success:
        from pipeline.run_console import run_failure

        for line in failure_lines(run_failure(result, seconds, log_path)):
            console.error(line)
        return EXIT_FAILED
    from pipeline.defs.serving.assets import CONTRACT_TABLES
    from pipeline.run_console import run_summary

    summary = run_summary(result, first, last, seconds, log_path, CONTRACT_TABLES)
    summary.warnings_shown = console.warnings.shown
    summary.warnings_similar = console.warnings.similar_not_shown
    for line in summary_lines(summary):
        console.line(line)
    not_accepted = files_not_accepted(result)
    if not_accepted:
        lines = "\n".join(f"  - {m}" for m in not_accepted)
        console.error(
            f"published, but {len(not_accepted)} landing file(s) loaded nothing (rejected, or every row "
            f"quarantined):\n{lines}\nexit status {EXIT_PUBLISHED_WITH_REJECTED_FILES}: deliver corrected "
            "files under the same names (docs/operations.md)"
        )
        return EXIT_PUBLISHED_WITH_REJECTED_FILES
    return EXIT_PUBLISHED


def _run(args, cfg: Settings, console, log_path: Path, early_warnings):
    """The run itself, its output captured into ``log_path``: (result, first day, last day), or an
    exit status when it could not start."""
    from pipeline.cli_output import Failure, failure_lines
    from pipeline.run_console import RunConsole

    with RunConsole(console, log_path, verbose=args.verbose) as run_console:
        for w in early_warnings:
            run_console.showwarning(w.message, w.category, w.filename, w.lineno)
        try:
            first, last = resolve_window(args.date or args.first, args.date or args.last, cfg)
            days = (last - first).days + 1
            console.progress(
                f"full_build {first} … {last} ({days} day{'s' if days != 1 else ''}); log: {log_path}"
            )
            from pipeline.defs.transform.dbt import journey_dbt_models

            run_console.dbt_models_total = len(journey_dbt_models.keys)
            result = execute(
                first,
                last,
                cfg,
                loggers=run_console.logger_defs(),
                log=_ConsoleLog(console),
                full_refresh=args.full_refresh,
            )
        except ConfigError as exc:
            console.error(f"error: {exc}")
            return EXIT_CONFIG
        except Exception as exc:  # the definitions did not load, the instance did not open, …
            run_console.log_exception(exc)
            failure = Failure("start-up", f"{type(exc).__name__}: {exc}", str(log_path), console.elapsed())
            for line in failure_lines(failure):
                console.error(line)
            return EXIT_FAILED
    return result, first, last


if __name__ == "__main__":
    sys.exit(main())
