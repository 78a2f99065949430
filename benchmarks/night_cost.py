"""What a night costs before and besides its data work, measured per part (issue "a night costs a day").

    python -m benchmarks.night_cost --warehouse warehouse --repeats 3

Takes a warehouse that `make run` built (default: ./warehouse from the shipped sample) and, per repeat,
runs the night of its landing's last day on a copy of it (`python -m pipeline.run --date <day>`; the
files are already loaded, so the night's data work is nil and everything it costs is fixed cost).
The night is split by the run's own stage records (audit.runs: ingestion per table, voice, dbt,
publish, report) into the stages and the time outside them (process start and imports, Dagster's
run creation, the raw-zone checks between ingestion and dbt, the gaps between steps). Besides, each
fixed part is timed on its own in a fresh process: the interpreter, importing the Dagster definitions,
importing great-expectations (the raw-zone checks), importing the scoring maths (dbt's Python models)
and dbt's start with a partial parse. Medians of the repeats; wall seconds and CPU seconds (user +
system of the processes) — CPU is the steadier figure on a shared machine. Writes
benchmarks/results/night_cost.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.scale import run_product, run_stages

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DBT = str(Path(PYTHON).parent / "dbt")


def _timed(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _last_day(landing: Path) -> date:
    days = [
        date.fromisoformat(p.stem[-10:]) for p in (landing / "web").glob("*.csv") if p.stem[-10:][:2] == "20"
    ]
    return max(days)


def night(warehouse: Path, landing: Path, work: Path, day: date) -> dict:
    copy = work / "warehouse"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(warehouse, copy, ignore=shutil.ignore_patterns("logs", "spark", ".dagster_home"))
    started = time.time()
    run = run_product(landing, copy, ["--date", day.isoformat(), "-q"])
    ended = started + run["seconds"]
    stages, first, last = run_stages(copy / "journeys.duckdb")
    inside = sum(stages.values())
    return {
        "wall": run["seconds"],
        "cpu": run["cpu_seconds"],
        "stages": stages,
        "before_first_stage": first - started,  # process start, imports, Dagster run creation
        "between_stages": (last - first) - inside,  # raw-zone checks (great-expectations), step overhead
        "after_last_stage": ended - last,  # the serving file's copy, the report, summary, exit
    }


def parts(warehouse: Path, landing: Path) -> dict[str, tuple[float, float]]:
    """Each fixed part in a fresh process: (wall, CPU) seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JOURNEY_LANDING_DIR": str(landing)}
    env["JOURNEY_WAREHOUSE_DIR"] = str(warehouse)
    out = {"interpreter start": _timed([PYTHON, "-c", "pass"], env)}
    for name, module in (
        ("import the Dagster definitions (incl. the dbt manifest)", "pipeline.definitions"),
        ("import great-expectations (raw-zone checks)", "great_expectations"),
        ("import the scoring maths (dbt's Python models)", "pipeline.value.scoring"),
    ):
        out[name] = _timed([PYTHON, "-c", f"import {module}"], env)
    target = warehouse / "build" / "dbt_target"
    dbt_env = {
        **env,
        "JOURNEY_BUILD_DB": str(warehouse / "build" / "journeys.duckdb"),
        "JOURNEY_RAW_DIR": str(warehouse / "raw"),
    }
    with tempfile.TemporaryDirectory() as scratch:
        partial = Path(scratch) / "target"
        if (target / "partial_parse.msgpack").exists():
            partial.mkdir()
            shutil.copy(target / "partial_parse.msgpack", partial)
        args = [DBT, "parse", "--profiles-dir", ".", "--target-path", str(partial), "--quiet"]
        cwd = ROOT / "dbt_project"
        # the first parse writes partial_parse.msgpack if there was none; the second is what a night pays
        _timed(args, dbt_env, cwd)
        out["dbt start + partial parse"] = _timed(args, dbt_env, cwd)
        full = Path(scratch) / "full"
        args = [DBT, "parse", "--profiles-dir", ".", "--target-path", str(full), "--quiet"]
        out["dbt start + full parse (a new warehouse)"] = _timed(args, dbt_env, cwd)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "warehouse")
    parser.add_argument("--landing", type=Path, default=ROOT / "seeds" / "sample_exports")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "night_cost.json")
    args = parser.parse_args(argv)
    warehouse, landing = args.warehouse.resolve(), args.landing.resolve()
    if not (warehouse / "journeys.duckdb").exists():
        sys.exit(f"no built warehouse at {warehouse}: run `make run` first")
    day = _last_day(landing)
    nights, measured = [], []
    with tempfile.TemporaryDirectory() as work:
        for i in range(args.repeats):
            nights.append(night(warehouse, landing, Path(work), day))
            measured.append(parts(warehouse, landing))
            print(
                f"repeat {i + 1}: night {nights[-1]['wall']:.1f} s wall, {nights[-1]['cpu']:.1f} s CPU",
                flush=True,
            )

    def med(values) -> float:
        return statistics.median(values)

    print(f"\nThe night of {day} on {warehouse} (nothing new to load), medians of {args.repeats}:\n")
    print("| part of the night | wall s | share of the night |")
    print("|---|---:|---:|")
    total = med(n["wall"] for n in nights)
    rows = [("whole night", total)]
    rows.append(
        (
            "before the first stage (process, imports, run creation)",
            med(n["before_first_stage"] for n in nights),
        )
    )
    for stage in nights[0]["stages"]:
        rows.append((f"stage {stage}", med(n["stages"].get(stage, 0.0) for n in nights)))
    rows.append(
        (
            "between stages (raw-zone checks incl. importing great-expectations, step overhead)",
            med(n["between_stages"] for n in nights),
        )
    )
    rows.append(
        (
            "after the last stage (the serving file's copy, report, summary, exit)",
            med(n["after_last_stage"] for n in nights),
        )
    )
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {seconds / total:.0%} |")
    print(f"\nCPU of the whole night (all processes): {med(n['cpu'] for n in nights):.1f} s\n")
    print("| fixed part, alone in a fresh process | wall s | CPU s |")
    print("|---|---:|---:|")
    for name in measured[0]:
        print(
            f"| {name} | {med(m[name][0] for m in measured):.1f} | {med(m[name][1] for m in measured):.1f} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"day": day.isoformat(), "nights": nights, "parts": measured}, indent=1))
    print(f"\nraw figures: {args.out}")


if __name__ == "__main__":
    main()
