"""Shared fixtures. The end-to-end fixtures materialise the real Dagster graph (real polars, GX, dbt
and DuckDB) into temporary warehouse directories: each distinct scenario (landing + settings) once per
test session, shared by every test that reads it (also across pytest-xdist workers, see `once`)."""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT_ROOT / "seeds" / "sample_exports"
SAMPLE_CONFIG = {
    "customers": 2000,
    "days": 90,
    "seed": 7,
}  # the shipped sample's settings (Makefile `sample`)


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


def once(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """The directory ``name``, made by ``make(directory)`` once per test session: under pytest-xdist
    the workers share the session's temporary root, and a file lock lets the first worker that needs
    it build it while the others wait for it. Users only read it (or copy it to change it)."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    root.mkdir(exist_ok=True)
    path, done = root / name, root / f"{name}.done"
    with FileLock(root / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir()
            make(path)
            done.touch()
    return path


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """The shipped sample built once per session; returns the warehouse directory."""
    return once(
        tmp_path_factory, "sample", lambda d: build_warehouse(SAMPLE, d / "warehouse", parquet=True)
    ) / ("warehouse")


@pytest.fixture(scope="session")
def planted_warehouse(tmp_path_factory) -> Callable[[str], Path]:
    """``planted_warehouse(plant)``: the directory holding ``landing`` (the shipped sample's generator
    settings with that plant of pipeline.sample.generator.PLANTS) and ``warehouse`` built from it, once
    per session whichever test module asks first."""
    from pipeline.sample.generator import GeneratorConfig, generate

    def make(plant: str, root: Path) -> None:
        generate(root / "landing", GeneratorConfig(**SAMPLE_CONFIG, plant=plant))
        build_warehouse(root / "landing", root / "warehouse")

    return lambda plant: once(tmp_path_factory, f"planted-{plant}", lambda root: make(plant, root))


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> Path:
    """Small generated exports (tests.pipeline_runs.SMALL) for tests that run the pipeline themselves."""
    from tests.pipeline_runs import generate_landing

    return once(tmp_path_factory, "small", lambda d: generate_landing(d / "landing")) / "landing"


@pytest.fixture(scope="session")
def small_night(tmp_path_factory, small_landing) -> Callable[[str], tuple[object, Path]]:
    """``small_night(tz)``: (the finished run, its warehouse directory) of tests.pipeline_runs' small
    night built on a host in time zone ``tz``, once per session; ``small_night.landing`` its exports."""
    from tests.pipeline_runs import read_run, recorded_run, small_night_landing

    landing = once(
        tmp_path_factory, "small-night", lambda d: small_night_landing(small_landing, d / "landing")
    )
    landing = landing / "landing"

    def run(tz: str) -> tuple[object, Path]:
        root = once(
            tmp_path_factory, f"small-night-{tz.replace('/', '_')}", lambda d: recorded_run(landing, d, tz)
        )
        return read_run(root), root / "warehouse"

    run.landing = landing
    return run


# the end-to-end modules, longest first (as `make test`'s durations table measured them): with `make test`'s two xdist workers (--dist loadfile, one module per worker at a
# time) the long ones start first and the short ones fill in at the end
LONGEST_FIRST = (
    "test_nightly_ops.py",
    "test_spark_parity.py",
    "test_time_zone.py",
    "test_incremental_marts.py",
    "test_incremental_empty_day.py",
    "test_cli_run.py",
    "test_decisions.py",
    "test_hostile_night.py",
    "test_as_of.py",
    "test_history.py",
    "test_dagster_ui.py",
    "test_contact_reasons_plant.py",
    "test_funnel_property.py",
    "test_pii_end_to_end.py",
    "test_browser.py",
    "test_report_numbers.py",
    "test_dbt_death.py",
    "test_incremental.py",
    "test_dbt_unit_tests.py",
)


def pytest_collection_modifyitems(config, items):
    """Modules in LONGEST_FIRST order, the others after them in their own order (a stable sort: the
    tests of a module keep theirs, so `pytest --reverse` still reverses within a module)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def night_beside_full_build(root: Path, small_landing: Path, night: date, planted: Callable[[Path], object]):
    """The night-vs-full-rebuild story on a copy of ``small_landing`` under ``root``: the history (every day
    but ``night``) built into root/nightly, then ``night``'s web file with the rows ``planted(web_dir)``
    (a polars frame of string columns) appended, run as one night on top; and the same final exports in
    one full build into root/full. Returns the night's run result."""
    import dagster as dg
    import polars as pl

    from pipeline.run import execute

    landing = root / "landing"
    shutil.copytree(small_landing, landing, ignore=shutil.ignore_patterns("_truth"))
    web = landing / "web"
    night_file = f"clickstream_{night}.csv"
    held_back = root / night_file
    shutil.move(web / night_file, held_back)
    build_warehouse(landing, root / "nightly")  # the history, every day before the night
    pl.concat([pl.read_csv(held_back, infer_schema=False), planted(web)]).write_csv(web / night_file)
    result = execute(
        night, night, settings_for(landing, root / "nightly"), instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    build_warehouse(landing, root / "full")  # the same exports, one full build
    return result
