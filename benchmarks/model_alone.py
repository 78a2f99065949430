"""One dbt model run alone on a built warehouse, to measure a change to it: each variant of its SQL
(the model as the project compiles it now, and/or ``--sql FILE``s, e.g. the compiled SQL of the commit
before) into a temp table, the variants in turns, ``--runs`` times; then the variants' outputs compared
(EXCEPT ALL both ways) and, with ``--profile DIR``, DuckDB's JSON profile of each variant's first run
and its heaviest operators (CPU seconds summed over threads).

    python -m benchmarks.model_alone BUILD_FILE MODEL [--sql FILE ...] [--runs 3] [--profile DIR]
    python -m benchmarks.model_alone BUILD_FILE MODEL --compile-to FILE   # write today's SQL, run nothing

BUILD_FILE is a warehouse's build file (``build/journeys.duckdb`` of a ``benchmarks.scale --keep``
warehouse), opened read-only; the model's inputs must be tables there. The SQL runs as dbt's profile
runs it: the product's DuckDB memory limit (settings), two threads, insertion order not preserved and the
spill directory of the settings (or ``BUILD_FILE.tmp``). Compiled SQL names its inputs
"memory"."<schema>"."<table>" (``pipeline.dbt_sql`` compiles against an in-memory DuckDB): the catalog
part is dropped so that they resolve in the build file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline.config import load_settings
from pipeline.dbt_sql import compiled_models

MODEL_FOLDERS = ("staging/web", "intermediate/behaviour", "marts/behaviour")


def model_sql(model: str) -> str:
    """The model's SQL as the project compiles it now, its inputs resolvable in a build file."""
    for folder in MODEL_FOLDERS:
        if (
            Path(__file__).resolve().parents[1] / "dbt_project" / "models" / folder / f"{model}.sql"
        ).exists():
            with tempfile.TemporaryDirectory() as target:
                sql = compiled_models((model,), Path(target), folder=Path("models") / folder)[model]
            return sql.replace('"memory".', "")
    raise SystemExit(f"model {model} not found under dbt_project/models/{{{','.join(MODEL_FOLDERS)}}}")


def heaviest_operators(profile: Path, top: int = 8) -> list[tuple[float, str, int]]:
    """(CPU seconds, operator, rows) of the ``top`` heaviest operators of a DuckDB JSON profile."""
    found: list[tuple[float, str, int]] = []

    def walk(node: dict) -> None:
        found.append((node.get("timing", 0.0), node.get("type", "?"), node.get("intermediate_rows", 0)))
        for child in node.get("children", []):
            walk(child)

    for node in json.loads(profile.read_text())["operator"]:
        walk(node)
    return sorted(found, reverse=True)[:top]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("build_file", type=Path)
    parser.add_argument("model")
    parser.add_argument("--sql", type=Path, action="append", default=[], help="a variant's SQL (repeatable)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write each variant's first-run JSON profile here")
    parser.add_argument("--compile-to", type=Path, help="only write the model's SQL as compiled now")
    args = parser.parse_args(argv)
    if args.compile_to:
        args.compile_to.write_text(model_sql(args.model))
        return
    variants = {path.stem: path.read_text() for path in args.sql} or {"compiled": model_sql(args.model)}
    settings = load_settings()
    spill = settings.dbt.duckdb_temp_dir or Path(f"{args.build_file}.tmp")
    spill.mkdir(parents=True, exist_ok=True)
    # as dbt's profile opens the build: its memory limit, spill directory and insertion order
    con = duckdb.connect(
        str(args.build_file),
        read_only=True,
        config={
            "memory_limit": settings.dbt.duckdb_memory,
            "threads": 2,
            "temp_directory": str(spill),
            "preserve_insertion_order": False,
        },
    )
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for run in range(args.runs):
        for name in names[run % len(names) :] + names[: run % len(names)]:  # each run starts with the next
            profiled = args.profile and run == 0
            if profiled:
                args.profile.mkdir(parents=True, exist_ok=True)
                con.execute("pragma enable_profiling = 'json'")
                con.execute(f"pragma profiling_output = '{args.profile / (name + '.json')}'")
            started = time.perf_counter()
            con.execute(f"create or replace temp table out_{name} as {variants[name]}")
            seconds[name].append(time.perf_counter() - started)
            if profiled:
                con.execute("pragma disable_profiling")
            print(f"run {run + 1} {name}: {seconds[name][-1]:.2f} s", flush=True)
    for name in names:
        rows = con.execute(f"select count(*) from out_{name}").fetchone()[0]
        times = seconds[name]
        print(
            f"{name}: median {statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f}), {rows:,} rows"
        )
        if args.profile:
            for cpu, operator, rows_out in heaviest_operators(args.profile / f"{name}.json"):
                print(f"    {cpu:7.2f} CPU s  {operator} ({rows_out:,} rows)")
    first = names[0]
    for name in names[1:]:
        only = [
            con.execute(
                f"select count(*) from (select * from out_{a} except all select * from out_{b})"
            ).fetchone()[0]
            for a, b in ((first, name), (name, first))
        ]
        print(f"rows only in {first}: {only[0]:,}; only in {name}: {only[1]:,}")


if __name__ == "__main__":
    main()
