"""Run the full build from the command line (what `make run` does), holding the writer lock for the
whole run so that runs started together queue instead of failing on DuckDB's lock.

    python -m pipeline.run                         # every day the landing directory has exports for
    python -m pipeline.run --date 2026-08-30       # one night (one daily partition)
    python -m pipeline.run --from 2026-08-01 --to 2026-08-30   # a backfill, in one run

The run is recorded in the Dagster instance of DAGSTER_HOME (it shows in the UI next to scheduled
runs); without DAGSTER_HOME an ephemeral instance is used.

Exit status (docs/operations.md): 0 the night published and every landing file was accepted;
3 the night published, but landing files loaded nothing (rejected, or every row quarantined; listed
at the end); 1 the night failed, nothing was published; 2 a configuration error, nothing was run.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from pipeline.config import ConfigError, load_settings

EXIT_PUBLISHED = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_PUBLISHED_WITH_REJECTED_FILES = 3


def landing_days() -> tuple[date, date] | None:
    """First and last day of the daily export files in the landing directory."""
    from pipeline.ingest.mappings import load_mappings
    from pipeline.ingest.specs import SPECS
    from pipeline.ingest.zone import landing_files
    from pipeline.nightly import file_date

    cfg = load_settings()
    mappings = load_mappings()
    days = [
        day
        for spec in SPECS.values()
        if spec.daily_files
        for path in landing_files(spec, cfg.landing_dir, mappings)
        if (day := file_date(path.name)) is not None
    ]
    return (min(days), max(days)) if days else None


def resolve_window(first: date | None, last: date | None) -> tuple[date, date]:
    """The run's partitions: as given, else the landing directory's days, clamped to the partitions
    that exist (a file dated today waits for tonight; the first partition is JOURNEY_PARTITION_START)."""
    from pipeline.defs.automation.jobs import clamp_to_partitions, latest_partition

    if first is None or last is None:
        span = landing_days()
        first = first or (span[0] if span else latest_partition())
        last = last or (span[1] if span else latest_partition())
    clamped = clamp_to_partitions(first, last)
    if clamped[0] > clamped[1]:
        raise ConfigError(
            f"no daily partition between {first} and {last} (JOURNEY_PARTITION_START … yesterday)"
        )
    return clamped


def execute(first: date, last: date, instance=None, tags: dict | None = None):
    """Run full_build over the partitions first..last in this process, under the writer lock."""
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.defs.automation.jobs import partition_request
    from pipeline.defs.automation.recovery import PROCESS_TAG, recover_killed_runs
    from pipeline.nightly import process_identity, writer_lock

    request = partition_request(first, last, tags={**(tags or {}), PROCESS_TAG: process_identity()})
    if instance is None:
        instance = (
            dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
        )
    with writer_lock(load_settings().warehouse_dir, log=_PrintLog(), timeout_seconds=None):
        recover_killed_runs(instance, _PrintLog())  # a killed earlier run must not hold the pool slot
        return defs.resolve_job_def("full_build").execute_in_process(
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", type=date.fromisoformat, help="one night: the day (partition) to build")
    parser.add_argument("--from", dest="first", type=date.fromisoformat, help="first day of a backfill")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, help="last day of a backfill")
    args = parser.parse_args(argv)
    try:
        first, last = resolve_window(args.date or args.first, args.date or args.last)
        print(f"full_build for {first} … {last}", flush=True)
        result = execute(first, last)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"full_build failed in {', '.join(failed) or 'the run'}; see the log above", file=sys.stderr)
        return EXIT_FAILED
    print(f"Serving warehouse: {load_settings().serving_db}", flush=True)
    not_accepted = files_not_accepted(result)
    if not_accepted:
        lines = "\n".join(f"  - {m}" for m in not_accepted)
        print(
            f"published, but {len(not_accepted)} landing file(s) loaded nothing (rejected, or every row "
            f"quarantined):\n{lines}\nexit status {EXIT_PUBLISHED_WITH_REJECTED_FILES}: deliver corrected "
            "files under the same names (docs/operations.md)",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_PUBLISHED_WITH_REJECTED_FILES
    return EXIT_PUBLISHED


if __name__ == "__main__":
    sys.exit(main())
