"""A dbt selection built by two checkouts of the project on copies of one built warehouse, in turns: the
models' dbt times (run_results.json) per run, and the tables they wrote compared (EXCEPT ALL both ways).
For a change that spans several models (``benchmarks.model_alone`` measures one model's SQL).

    python -m benchmarks.selection_before_after BUILD_FILE --before DIR --select "m1 m2 ..." [--runs 3]
        [--compare schema.table ...] [--work DIR] [--env NAME=VALUE ...]

BUILD_FILE is a warehouse's build file (``build/journeys.duckdb`` of a ``benchmarks.scale --keep``
warehouse), never written: each run builds on a fresh copy. ``--before`` is the root of another checkout
of this project (e.g. ``git worktree add /tmp/before HEAD~1`` with its ``.venv`` and ``make manifest``);
"after" is this checkout. ``--env`` sets an environment variable for both (e.g. JOURNEY_AS_OF=2026-12-15
to move the priority window). The selection's tables are compared unless ``--compare`` names others.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


def build(
    project: Path,
    build_file: Path,
    select: str,
    target: Path,
    env: dict[str, str],
    extra: tuple[str, ...] = (),
) -> dict[str, float]:
    """dbt run of ``select`` (and ``extra`` arguments) with ``project``'s dbt on ``build_file``: seconds
    per model and 'elapsed'."""
    result = subprocess.run(
        [
            str(project / ".venv" / "bin" / "dbt"),
            "run",
            "--profiles-dir",
            ".",
            "--target-path",
            str(target),
            "--select",
            *select.split(),
            *extra,
        ],
        cwd=project / "dbt_project",
        env={**os.environ, **env, "JOURNEY_BUILD_DB": str(build_file)},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"dbt run failed in {project}:\n{result.stdout[-3000:]}")
    results = json.loads((target / "run_results.json").read_text())
    times = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}
    return {**times, "elapsed": results["elapsed_time"]}


def differences(after: Path, before: Path, tables: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Per table: rows after, rows before, rows only after, rows only before (EXCEPT ALL)."""
    out = []
    with duckdb.connect(str(after), read_only=True) as con:
        con.execute(f"attach '{before}' as before_side (read_only)")
        for table in tables:
            counts = con.execute(
                f"""select
                    (select count(*) from {table}),
                    (select count(*) from before_side.{table}),
                    (select count(*) from (select * from {table} except all select * from before_side.{table})),
                    (select count(*) from (select * from before_side.{table} except all select * from {table}))"""
            ).fetchone()
            out.append((table, *counts))
    return out


def print_medians(runs: dict[str, list[dict[str, float]]]) -> list[str]:
    """Print dbt's seconds per model (and 'elapsed'), the median of each set of runs in a column of its
    own; return the models."""
    sets = list(runs)
    models = [m for m in runs[sets[-1]][0] if m != "elapsed" and not m.startswith("journey_warehouse-on-run")]
    count = len(runs[sets[-1]])
    print(f"\n| model (dbt s, median of {count}) | {' | '.join(sets)} |\n|---|{'---:|' * len(sets)}")
    for model in [*models, "elapsed"]:
        medians = (statistics.median(r.get(model, 0.0) for r in runs[name]) for name in sets)
        print(f"| {model} | {' | '.join(f'{m:.2f}' for m in medians)} |")
    return models


def tables_of(build_file: Path, models: list[str]) -> list[str]:
    """schema.table of each of ``models`` that ``build_file`` holds as a table or view."""
    with duckdb.connect(str(build_file), read_only=True) as con:
        found = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    return [f"{schema}.{name}" for schema, name in found if name in models]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("build_file", type=Path)
    parser.add_argument("--before", type=Path, required=True, help="root of the other checkout")
    parser.add_argument("--select", required=True, help="dbt selection (space-separated models)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", nargs="*", help="schema.table to compare (default: the selection's)")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temp dir, removed)")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for both sides")
    args = parser.parse_args(argv)
    env = dict(item.split("=", 1) for item in args.env)
    work = args.work or Path(tempfile.mkdtemp(prefix="selection-"))
    work.mkdir(parents=True, exist_ok=True)
    sides = {"before": args.before.resolve(), "after": ROOT}
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for i in range(args.runs):
        for side, project in sides.items():  # in turns, so that the machine's load falls on both
            copy = work / f"{side}.duckdb"
            shutil.copyfile(args.build_file, copy)
            runs[side].append(build(project, copy, args.select, work / f"target_{side}", env))
            print(f"run {i + 1} {side}: {runs[side][-1]['elapsed']:.2f} s", flush=True)
    models = print_medians(runs)
    tables = args.compare if args.compare is not None else tables_of(work / "after.duckdb", models)
    print("\n| table | rows after | rows before | only after | only before |\n|---|---:|---:|---:|---:|")
    for table, after, before, only_after, only_before in differences(
        work / "after.duckdb", work / "before.duckdb", tables
    ):
        print(f"| {table} | {after:,} | {before:,} | {only_after:,} | {only_before:,} |")
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
