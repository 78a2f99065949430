"""Does the priority ranking find a planted problem? Generates the sample without a plant and with
each plant of pipeline/sample/generator.py (PLANTS), builds the warehouse from each in its own
process, and prints the top three journeys per atlas level with their components.

    python -m benchmarks.decisions [--out DIR] [--plants broken_payment broken_help_article]

tests/test_decisions.py asserts the decisions; this prints the evidence behind them
(docs/customer_value.md quotes its output).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from pipeline.sample.generator import PLANTS, GeneratorConfig, generate
from tests.pipeline_runs import pipeline_env

SAMPLE_CONFIG = {"customers": 2000, "days": 90, "seed": 7}  # the shipped sample (Makefile `sample`)
LEVELS = {2: "high-level journeys", 3: "sub-journeys", 4: "micro-journeys"}


def build(plant: str, root: Path) -> Path:
    landing, warehouse = root / plant / "landing", root / plant / "warehouse"
    generate(landing, GeneratorConfig(**SAMPLE_CONFIG, plant="" if plant == "none" else plant))
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.run"],
        env=pipeline_env(landing, warehouse),
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise SystemExit(f"the build of plant {plant!r} failed:\n{run.stdout[-3000:]}\n{run.stderr[-2000:]}")
    return warehouse / "journeys.duckdb"


def top_three(serving: Path) -> str:
    lines = []
    with duckdb.connect(str(serving), read_only=True) as con:
        for level, name in LEVELS.items():
            lines.append(f"  {name}:")
            rows = con.execute(
                """
                select priority_rank, journey_name_en, priority_score, value_at_risk_points, cx_pain_points,
                       service_effort_points, retention_potential_points, reach_points,
                       value_at_risk_above_norm, value_at_risk, customer_pain, feedback_items,
                       service_effort_per_person
                from marts.journey_priority_scores
                where segment = 'all' and journey_level = ? and priority_rank <= 3
                order by priority_rank
                """,
                [level],
            ).fetchall()
            for r in rows:
                pain = "–" if r[10] is None else f"{r[10]:.2f} ({r[11]} items)"
                lines.append(
                    f"    {r[0]}. {r[1]} {r[2]:.1f} = value {r[3]:.1f} + pain {r[4]:.1f} + effort {r[5]:.1f} "
                    f"+ retention {r[6]:.1f} + reach {r[7]:.1f} | value at risk beyond norm "
                    f"{(r[8] or 0):,.0f} of {(r[9] or 0):,.0f}, pain {pain}, effort/person {r[12] or 0:.2f}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.decisions", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=None, help="where to build (default: a temporary folder)")
    parser.add_argument("--plants", nargs="*", default=["none", *sorted(PLANTS)], help="plants to build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.out or Path(tmp)
        for plant in args.plants:
            print(
                f"plant: {plant}"
                + (f" — {PLANTS[plant].description}" if plant in PLANTS else " (the shipped sample)")
            )
            print(top_three(build(plant, root)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
