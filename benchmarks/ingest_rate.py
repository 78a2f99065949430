"""Ingestion throughput of pipeline.ingest.files.ingest_file (parse, type, validate, pseudonymise, scrub)
on a landing directory, in rows per second, per table. No Dagster, no Parquet writing: the part of
ingestion that the PII scrubbing changes.

    python -m benchmarks.ingest_rate --landing DIR [--repeats 3] [--tables web_events crm_cases]

Make the landing directory with the generator, e.g.
    python -m pipeline.sample --customers 20000 --days 90 --seed 7 --out /tmp/sample_1m   (904k events)
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from pipeline.ingest.files import ingest_file
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite

KEY = b"benchmark-key"


def _files(landing: Path, table: str) -> list[Path]:
    spec = SPECS[table]
    found: set[Path] = set()
    for pattern in spec.patterns:
        found.update((landing / spec.folder).glob(pattern))
    return sorted(found)


def measure(landing: Path, table: str) -> tuple[int, float, float]:
    """(rows read, wall seconds, CPU seconds of all threads) of ingesting every file of ``table`` once.
    CPU seconds are the steadier figure on a shared machine."""
    spec, suite = SPECS[table], load_suite(table)
    rows, started, cpu = 0, time.perf_counter(), time.process_time()
    for path in _files(landing, table):
        rows += ingest_file(path, spec, suite, KEY, now=datetime(2030, 1, 1, tzinfo=UTC)).rows_read
    return rows, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--tables", nargs="*", default=["web_events", "crm_customers", "crm_cases", "feedback"]
    )
    args = parser.parse_args()
    for table in args.tables:
        runs = [measure(args.landing, table) for _ in range(args.repeats)]
        rows = runs[0][0]
        seconds = [s for _, s, _ in runs]
        median, cpu = statistics.median(seconds), statistics.median(c for _, _, c in runs)
        print(
            f"{table:14s} {rows:>10,d} rows  median {median:6.2f} s "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f})  {rows / median:>10,.0f} rows/s   "
            f"CPU {cpu:6.2f} s  {rows / cpu:>10,.0f} rows per CPU-second"
        )


if __name__ == "__main__":
    main()
