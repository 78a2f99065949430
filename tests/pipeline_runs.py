"""Real runs of `python -m pipeline.run` in their own process, on small generated exports: for tests
that need a run with its own environment (JOURNEY_AS_OF, TZ, …) without touching the test process's."""

from __future__ import annotations

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
