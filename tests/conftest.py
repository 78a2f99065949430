"""Shared fixtures. The end-to-end fixture materialises the real Dagster graph (real polars, GX,
dbt and DuckDB) once per session into a temporary warehouse directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT_ROOT / "seeds" / "sample_exports"


def build_warehouse(landing: Path, warehouse: Path, parquet: bool = False) -> Path:
    """Run the `full_build` job in-process on ``landing``, every day of it in one run (what `make run`
    does), into ``warehouse``; the environment is restored afterwards."""
    import dagster as dg

    previous = {
        k: os.environ.get(k)
        for k in ("JOURNEY_WAREHOUSE_DIR", "JOURNEY_LANDING_DIR", "JOURNEY_AS_OF", "JOURNEY_PARQUET_EXPORT")
    }
    os.environ["JOURNEY_WAREHOUSE_DIR"] = str(warehouse)
    os.environ["JOURNEY_LANDING_DIR"] = str(landing)
    os.environ.pop("JOURNEY_AS_OF", None)
    os.environ["JOURNEY_PARQUET_EXPORT"] = "1" if parquet else ""
    try:
        from pipeline.run import execute, resolve_window

        result = execute(*resolve_window(None, None), instance=dg.DagsterInstance.ephemeral())
        assert result.success
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return warehouse


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """The shipped sample built once per session; returns the warehouse directory."""
    return build_warehouse(SAMPLE, tmp_path_factory.mktemp("warehouse"), parquet=True)


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> Path:
    """Small generated exports (tests.pipeline_runs.SMALL) for tests that run the pipeline themselves."""
    from tests.pipeline_runs import generate_landing

    return generate_landing(tmp_path_factory.mktemp("small") / "landing")
