"""Real runs of `python -m pipeline.run` in their own process, on small generated exports: for tests
that need a run with its own environment (JOURNEY_AS_OF, TZ, …) without touching the test process's."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from pipeline.sample.generator import GeneratorConfig, generate
from tests.conftest import PROJECT_ROOT

# small enough for a run in about a minute, large enough that every contract table has rows; the web
# window (2026-09-18 … 10-12) crosses a month boundary with events around midnight UTC
SMALL = GeneratorConfig(customers=300, days=25, seed=11, end_date=date(2026, 10, 12))


def generate_landing(out: Path, cfg: GeneratorConfig = SMALL) -> Path:
    generate(out, cfg)
    return out


def pipeline_env(landing: Path, warehouse: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a run into ``warehouse``: a Dagster home of its own next to it and no
    JOURNEY_* setting of the caller's environment except those in ``env``."""
    home = warehouse.with_name(f"{warehouse.name}_dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("JOURNEY_")}
    run_env.update(
        JOURNEY_LANDING_DIR=str(landing),
        JOURNEY_WAREHOUSE_DIR=str(warehouse),
        DAGSTER_HOME=str(home),
        PYTHONPATH=str(PROJECT_ROOT),
        **(env or {}),
    )
    return run_env


RUN = [sys.executable, "-m", "pipeline.run"]


def run_pipeline(
    landing: Path, warehouse: Path, env: dict[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess:
    """`python -m pipeline.run` (every day of ``landing``) into ``warehouse``."""
    return subprocess.run(
        RUN,
        cwd=PROJECT_ROOT,
        env=pipeline_env(landing, warehouse, env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# One small night for the modules that each ran the small exports themselves (test_cli_run, test_as_of,
# test_time_zone): their truths do not interfere, so one landing carries all their plants and one
# setting, built on a UTC host (read by all three) and on a Berlin host (test_time_zone).
AS_OF = date(2026, 10, 3)  # JOURNEY_AS_OF: a day before the small exports' last web event (2026-10-12)
PLANTED_BAD_ORDERS = 2  # rows without an order_id: quarantined (critical expectation)
# a cart and the checkout after it late on 30 September UTC, 1 October in Berlin: the generated
# exports have events around midnight, but no funnel that starts there at the end of a month
MIDNIGHT = """event_id,event_at,anonymous_id,customer_id,session_id,event_name,page_path,channel,device,dwell_seconds,properties
tz-1,2026-09-30T22:40:00Z,v-tz-1,,,page_view,/cart,web,desktop,30,
tz-2,2026-09-30T22:45:00Z,v-tz-1,,,page_view,/checkout/address,web,desktop,40,
"""


def small_night_landing(small: Path, out: Path) -> Path:
    """The small exports (without the generator's _truth) plus two orders that lack their order_id and
    an undated web export with the midnight events."""
    shutil.copytree(small, out, ignore=shutil.ignore_patterns("_truth"))
    orders = out / "crm" / "orders.csv"
    with orders.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    for row in rows[:PLANTED_BAD_ORDERS]:
        row = list(row)
        row[header.index("order_id")] = ""
        rows.append(row)
    with orders.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    (out / "web" / "clickstream_midnight.csv").write_text(MIDNIGHT)
    return out


def recorded_run(landing: Path, root: Path, tz: str) -> None:
    """`python -m pipeline.run` of the small night on a host in ``tz`` into ``root``/warehouse, its
    exit status and output kept beside it (the run is shared across pytest-xdist workers)."""
    proc = run_pipeline(landing, root / "warehouse", env={"TZ": tz, "JOURNEY_AS_OF": AS_OF.isoformat()})
    (root / "stdout").write_text(proc.stdout)
    (root / "stderr").write_text(proc.stderr)
    (root / "returncode").write_text(str(proc.returncode))


def read_run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(
        RUN,
        int((root / "returncode").read_text()),
        (root / "stdout").read_text(),
        (root / "stderr").read_text(),
    )
