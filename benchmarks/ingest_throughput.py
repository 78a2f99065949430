"""Ingestion throughput on a landing directory (default: the shipped sample): every table's files
ingested into a temporary raw zone, ``--repeats`` times; prints rows/s per table and overall.

    python -m benchmarks.ingest_throughput --repeats 7

Wall-clock rows/s is what a night sees; CPU seconds (this process, all threads) are steadier on a
shared machine, so both are printed (median of the repeats, with min–max)."""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.config import PROJECT_ROOT
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(landing: Path) -> tuple[int, float, float]:
    """(rows read, wall seconds, CPU seconds) of one ingestion of every table, nothing skipped."""
    suites = {t: load_suite(t) for t in SPECS}
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        rows, wall0, cpu0 = 0, time.perf_counter(), _cpu()
        for table, spec in SPECS.items():
            outcome = ingest_table(spec, suites[table], landing, Path(tmp), b"bench-key", force=True)
            rows += sum(r.rows_read for r in outcome.results)
        return rows, time.perf_counter() - wall0, _cpu() - cpu0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest_throughput")
    parser.add_argument("--landing", type=Path, default=PROJECT_ROOT / "seeds" / "sample_exports")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    measure(args.landing)  # warm-up: imports, suites, polars thread pool
    runs = [measure(args.landing) for _ in range(args.repeats)]
    rows = runs[0][0]
    wall = [rows / w for _, w, _ in runs]
    cpu = [rows / c for _, _, c in runs]
    print(f"{rows:,} rows, {args.repeats} runs")
    print(
        f"wall: {statistics.median(wall):,.0f} rows/s (min {min(wall):,.0f}, max {max(wall):,.0f}); "
        f"per CPU second: {statistics.median(cpu):,.0f} rows/s (min {min(cpu):,.0f}, max {max(cpu):,.0f})"
    )


if __name__ == "__main__":
    main()
