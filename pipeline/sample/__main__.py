"""CLI: python -m pipeline.sample --customers N --days D --seed S --out DIR"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from pipeline.sample.generator import PLANTS, GeneratorConfig, generate


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total)
    sys.stderr.write(f"\r  days [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.sample",
        description="Write deterministic sample exports (web clickstream, CRM, feedback) into a landing "
        "directory, plus the truth the generator planted under _truth/. The same arguments always "
        "produce the same files.",
    )
    parser.add_argument(
        "--customers", type=int, default=2000, help="CRM customers at the start (default 2000)"
    )
    parser.add_argument("--days", type=int, default=90, help="days of web events (default 90)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date(2026, 10, 31),
        help="last day of web events, YYYY-MM-DD (default 2026-10-31)",
    )
    parser.add_argument(
        "--anonymous-ratio", type=float, default=1.5, help="anonymous-only devices per customer (default 1.5)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="landing directory to write (created if missing)"
    )
    parser.add_argument(
        "--plant",
        choices=sorted(PLANTS),
        default="",
        help="plant a known problem (see PLANTS in pipeline/sample/plants.py); default none",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    cfg = GeneratorConfig(
        customers=args.customers,
        days=args.days,
        seed=args.seed,
        end_date=args.end_date,
        anonymous_ratio=args.anonymous_ratio,
        plant=args.plant,
        progress=None if args.quiet else _progress,
    )
    started = time.perf_counter()
    counts = generate(args.out, cfg)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{k}={v:,}" for k, v in counts.items())
    print(f"wrote {args.out} in {elapsed:.1f}s: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
