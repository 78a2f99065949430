"""The funnel part of the scale benchmark alone, on a warehouse already built (e.g. one kept by
`python -m benchmarks.scale --events 10000000 --repeats 1 --keep DIR`):

    python -m benchmarks.funnel_only WAREHOUSE [--runs 5] [--work DIR] [--sql DIR]

Exports the warehouse's step events to Parquet once (the warehouse is opened read-only), compiles the
funnel models once, then runs the product's funnel SQL and chDB's windowFunnel alternately (product,
chDB, product, chDB, ... as `benchmarks.scale.run_funnels` does), each in a fresh engine, and prints
product s, chDB s and their ratio per run, the medians and the ratio of the medians, and how many
persons × funnels get the same furthest level from both. --sql DIR takes <model>.sql files found there
instead of the compiled ones (to time a rewrite before it goes into the model); given more than once,
the variants take turns within each run, each followed by a chDB run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.scale import (
    chdb_funnel_levels,
    export_step_events,
    funnel_sql,
    product_funnel_levels,
    same_levels,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "warehouse", type=Path, help="a built warehouse directory (with build/journeys.duckdb)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, help="scratch directory (step events, dbt target); default a temp dir"
    )
    parser.add_argument(
        "--sql",
        type=Path,
        action="append",
        default=[],
        help="directory of <model>.sql files that replace the compiled ones (repeatable: each is a variant)",
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="journey-funnel-"))
    work.mkdir(parents=True, exist_ok=True)
    data = export_step_events(args.warehouse, work)
    compiled = funnel_sql(work)
    variants = {"compiled": compiled}
    for folder in args.sql:
        overrides = {p.stem: p.read_text() for p in folder.glob("*.sql") if p.stem in compiled}
        variants[folder.name] = {**compiled, **overrides}
    if args.sql:
        del variants["compiled"]  # only the given variants
    names = list(variants)
    print(f"{data['n_events']:,} step events; {args.runs} runs of {', '.join(names)} and chDB", flush=True)
    product_s: dict[str, list[float]] = {name: [] for name in names}
    chdb_s: list[float] = []
    for i in range(args.runs):
        # product and chDB alternately; with several variants, each run starts with the next one
        for name in names[i % len(names) :] + names[: i % len(names)]:
            product, seconds = product_funnel_levels(data, variants[name])
            product_s[name].append(seconds)
            clickhouse, c_seconds = chdb_funnel_levels(data)
            chdb_s.append(c_seconds)
            same, persons = same_levels(product, clickhouse)
            print(
                f"run {i + 1} {name}: product {seconds:.2f}s  chDB {c_seconds:.2f}s  "
                f"ratio {seconds / c_seconds:.2f}  same level {same:,} / {persons:,}",
                flush=True,
            )
    c_med = statistics.median(chdb_s)
    print(f"chDB median {c_med:.2f}s ({min(chdb_s):.2f}-{max(chdb_s):.2f}), {len(chdb_s)} runs")
    for name in names:
        p_med = statistics.median(product_s[name])
        print(
            f"{name}: product median {p_med:.2f}s ({min(product_s[name]):.2f}-{max(product_s[name]):.2f})  "
            f"ratio of medians {p_med / c_med:.2f}"
        )


if __name__ == "__main__":
    main()
