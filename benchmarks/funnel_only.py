"""The funnel part of the scale benchmark alone, on a warehouse already built (e.g. one kept by
`python -m benchmarks.scale --events 10000000 --repeats 1 --keep DIR`):

    python -m benchmarks.funnel_only WAREHOUSE [--runs 5] [--work DIR] [--sql DIR]

Exports the warehouse's step events to Parquet once (the warehouse is opened read-only), compiles the
funnel models once, then runs the product's funnel SQL and chDB's windowFunnel alternately (product,
chDB, product, chDB, ... as `benchmarks.scale.run_funnels` does), each in a fresh engine, and prints
product s, chDB s and their ratio per run, the medians and the ratio of the medians, and how many
persons × funnels get the same furthest level from both. --sql DIR takes <model>.sql files found there
instead of the compiled ones (to time a rewrite before it goes into the model).
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
        "--sql", type=Path, help="directory of <model>.sql files that replace the compiled ones"
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="journey-funnel-"))
    work.mkdir(parents=True, exist_ok=True)
    data = export_step_events(args.warehouse, work)
    sql = funnel_sql(work)
    if args.sql:
        sql.update({p.stem: p.read_text() for p in args.sql.glob("*.sql") if p.stem in sql})
    print(f"{data['n_events']:,} step events; {args.runs} runs", flush=True)
    product_s, chdb_s = [], []
    for i in range(args.runs):
        product, p_seconds = product_funnel_levels(data, sql)
        clickhouse, c_seconds = chdb_funnel_levels(data)
        same, persons = same_levels(product, clickhouse)
        product_s.append(p_seconds)
        chdb_s.append(c_seconds)
        print(
            f"run {i + 1}: product {p_seconds:.2f}s  chDB {c_seconds:.2f}s  ratio {p_seconds / c_seconds:.2f}  "
            f"same level {same:,} / {persons:,}",
            flush=True,
        )
    p_med, c_med = statistics.median(product_s), statistics.median(chdb_s)
    ratios = [p / c for p, c in zip(product_s, chdb_s, strict=True)]
    print(
        f"median: product {p_med:.2f}s ({min(product_s):.2f}-{max(product_s):.2f})  "
        f"chDB {c_med:.2f}s ({min(chdb_s):.2f}-{max(chdb_s):.2f})  ratio of medians {p_med / c_med:.2f}  "
        f"median ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()
