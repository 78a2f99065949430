"""Shared fixtures. The end-to-end fixture materialises the real Dagster graph (real polars, GX,
dbt and DuckDB) once per session into a temporary warehouse directory."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT_ROOT / "seeds" / "sample_exports"


def settings_for(landing: Path, warehouse: Path, **variables: str):
    """Settings of a test run: ``landing`` and ``warehouse`` plus ``variables`` (JOURNEY_* values);
    nothing from the test process's environment."""
    from pipeline.config import load_settings

    with warnings.catch_warnings():  # the development PII key: expected in tests
        warnings.simplefilter("ignore")
        return load_settings(
            {"JOURNEY_LANDING_DIR": str(landing), "JOURNEY_WAREHOUSE_DIR": str(warehouse), **variables}
        )


def build_warehouse(landing: Path, warehouse: Path, parquet: bool = False) -> Path:
    """Run the `full_build` job in-process on ``landing``, every day of it in one run (what `make run`
    does), into ``warehouse``."""
    import dagster as dg

    from pipeline.run import execute, resolve_window

    settings = settings_for(landing, warehouse, JOURNEY_PARQUET_EXPORT="1" if parquet else "")
    result = execute(*resolve_window(None, None, settings), settings, instance=dg.DagsterInstance.ephemeral())
    assert result.success
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
