"""Incremental models measured alone: a dbt selection built with ``--full-refresh`` and then as a night
(incrementally, JOURNEY_WINDOW_START = ``--night``), in turns on one copy of a built warehouse, with
dbt's model times (medians) and each night's tables compared with the full refresh before it (EXCEPT ALL
both ways: a night must equal a rebuild).

    python -m benchmarks.night_vs_refresh BUILD_FILE --select "m1 m2 ..." --night 2026-11-01 [--runs 3]
        [--work DIR]

BUILD_FILE is a warehouse's build file (``build/journeys.duckdb`` of a ``benchmarks.scale --keep``
warehouse, after its nights), never written: the runs use a copy. What a night restates is what the
upstream tables hold then: on a kept warehouse whose last night was ``--night``, the window of that night
(and whatever identity or segment changes it brought).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchmarks.selection_before_after import ROOT, build, differences, print_medians, tables_of


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("build_file", type=Path)
    parser.add_argument("--select", required=True, help="dbt selection (space-separated models)")
    parser.add_argument("--night", required=True, help="the night's first day (JOURNEY_WINDOW_START)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="night-vs-refresh-"))
    work.mkdir(parents=True, exist_ok=True)
    copy, rebuilt = work / "build.duckdb", work / "rebuilt.duckdb"
    shutil.copyfile(args.build_file, copy)
    env = {"JOURNEY_WINDOW_START": args.night}
    runs: dict[str, list[dict[str, float]]] = {"full refresh": [], "night": []}
    differing: list[tuple[str, int, int, int, int]] = []
    for i in range(args.runs):
        runs["full refresh"].append(build(ROOT, copy, args.select, work / "target", env, ("--full-refresh",)))
        shutil.copyfile(copy, rebuilt)
        runs["night"].append(build(ROOT, copy, args.select, work / "target", env))
        print(
            f"run {i + 1}: full refresh {runs['full refresh'][-1]['elapsed']:.2f} s, "
            f"night {runs['night'][-1]['elapsed']:.2f} s",
            flush=True,
        )
        compared = differences(copy, rebuilt, tables_of(copy, list(runs["night"][-1])))
        differing += [d for d in compared if d[3] or d[4]]
    print_medians(runs)
    print("\n| table | rows | night only | refresh only |\n|---|---:|---:|---:|")
    for table, rows, _, only_night, only_refresh in compared:  # the last run's comparison
        print(f"| {table} | {rows:,} | {only_night:,} | {only_refresh:,} |")
    if differing:
        raise SystemExit(f"a night differs from the full refresh before it: {differing}")
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
