"""The publish step alone on a kept warehouse (``benchmarks.scale --keep``): the build file's published
schemas copied into a new serving file, within the product's DuckDB memory limit and the build's spill
directory, as the Dagster asset runs it. Peak memory from the outside:

    /usr/bin/time -v python -m benchmarks.publish_alone WAREHOUSE_DIR SERVING_COPY

SERVING_COPY is a new file (the kept warehouse's own serving file is left alone).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

from pipeline.config import load_settings
from pipeline.defs.serving.assets import publish


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("serving_copy", type=Path)
    args = parser.parse_args(argv)
    with warnings.catch_warnings():  # the development PII key: nothing is pseudonymised here
        warnings.simplefilter("ignore")
        settings = load_settings({**os.environ, "JOURNEY_WAREHOUSE_DIR": str(args.warehouse)})
    started = time.perf_counter()
    counts = publish(settings, args.serving_copy)
    print(
        f"publish {time.perf_counter() - started:.1f} s, {len(counts)} tables, {sum(counts.values()):,} rows, "
        f"memory limit {settings.dbt.duckdb_memory}"
    )


if __name__ == "__main__":
    main()
