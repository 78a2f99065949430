"""The same dbt models on Apache Spark give the same contract tables as on DuckDB (docs/scale-out.md).

The shipped sample is built twice by the nightly job: on engine duckdb (the session fixture
`built_warehouse`) and on engine spark (JOURNEY_ENGINE=spark: the same Dagster job, whose dbt asset runs
the staged Spark build of pipeline.spark_run) into a warehouse of its own. Every contract table Spark
writes (JOURNEY_WAREHOUSE_DIR/spark/marts/<table>/, Parquet), and the serving file the Spark run
publishes, must equal the DuckDB build: the same columns, the same rows (order aside), numbers equal to
1e-9 relative. The contract tables that do not build on Spark yet are listed in NOT_ON_SPARK with the
reason; the test fails when one of them appears (update the list) or another is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.defs.serving.assets import CONTRACT_TABLES
from tests.checksums import RUN_TIMES
from tests.conftest import SAMPLE, settings_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# contract tables not built on Spark yet, and why (empty: the dbt Python models, which dbt-spark does not
# run in session mode, are Python steps of pipeline.spark_run on Spark)
NOT_ON_SPARK: dict[str, str] = {}

pytestmark = [pytest.mark.e2e, pytest.mark.spark]


# the Spark environment (Makefile SPARK_VENV: the project and the spark dependency group), apart from
# .venv, which does not carry pyspark
SPARK_PYTHON = PROJECT_ROOT / ".venv-spark" / "bin" / "python"


def test_spark_can_run_here():
    """Fails (never skips) where Spark cannot run: `make test` installs Java (make java-deps) and the
    Spark environment; without them the parity below would not have been checked."""
    assert shutil.which("java"), (
        "no Java runtime for Spark: `make java-deps` (Debian openjdk-17-jre-headless)"
    )
    assert SPARK_PYTHON.exists(), (
        f"no Spark environment at {SPARK_PYTHON.parent.parent}: `make test` makes it"
    )
    found = subprocess.run(
        [SPARK_PYTHON, "-c", "import pyspark, dbt.adapters.spark"], capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr[-2000:]


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory):
    """The shipped sample built by the nightly job on engine spark (JOURNEY_ENGINE=spark, the engine
    switch: the same Dagster job; its dbt asset runs pipeline.spark_run's staged build through
    pipeline/spark_dbt.sh), into a warehouse of its own: (warehouse directory, the run's result)."""
    import dagster as dg

    from pipeline.run import execute, resolve_window

    warehouse = tmp_path_factory.mktemp("spark") / "warehouse"
    settings = settings_for(SAMPLE, warehouse, JOURNEY_ENGINE="spark")
    result = execute(*resolve_window(None, None, settings), settings, instance=dg.DagsterInstance.ephemeral())
    failures = [e.message for e in result.all_events if e.is_failure]
    assert result.success, "\n".join(failures)
    return warehouse, result


@pytest.fixture(scope="module")
def spark_build(spark_run) -> Path:
    return spark_run[0]


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.select(sorted(frame.columns))
    keys = [c for c, t in frame.schema.items() if not t.is_float() and not isinstance(t, pl.List | pl.Struct)]
    return frame.sort(keys, nulls_last=True)


def built_on_spark(warehouse: Path) -> set[str]:
    """The models the Spark build created (dbt's run_results of each of pipeline.spark_run's dbt
    invocations: an empty table has no Parquet file)."""
    return {
        r["unique_id"].split(".")[-1]
        for path in (warehouse / "spark" / "dbt_target").glob("*_run_results.json")
        for r in json.loads(path.read_text())["results"]
        if r["unique_id"].startswith("model.") and r["status"] == "success"
    }


def spark_table(con: duckdb.DuckDBPyConnection, warehouse: Path, table: str) -> pl.DataFrame | None:
    """A table Spark wrote (JOURNEY_WAREHOUSE_DIR/spark/marts/<table>/, Parquet; partition columns in
    the directory names), or None when it has no file (no rows)."""
    directory = warehouse / "spark" / "marts" / table
    if not any(directory.glob("**/*.parquet")):
        return None
    return con.sql(f"select * from read_parquet('{directory}/**/*.parquet', hive_partitioning = true)").pl()


def test_every_contract_table_is_on_spark_or_listed(spark_build: Path):
    assert set(CONTRACT_TABLES) - built_on_spark(spark_build) == set(NOT_ON_SPARK)


@pytest.mark.parametrize("table", [t for t in CONTRACT_TABLES if t not in NOT_ON_SPARK])
def test_spark_table_equals_duckdb(spark_build: Path, built_warehouse: Path, table: str):
    with duckdb.connect(str(built_warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        expected = con.sql(f"select * from marts.{table}").pl()
        actual = spark_table(con, spark_build, table)
    assert table in built_on_spark(spark_build)
    if actual is None:
        assert expected.height == 0, f"Spark wrote no rows of {table}"
        return
    assert sorted(actual.columns) == sorted(expected.columns)
    assert_same_table(actual, expected, table)


def assert_same_table(actual: pl.DataFrame, expected: pl.DataFrame, table: str) -> None:
    """The same columns and rows; a column that records when its build ran (tests.checksums.RUN_TIMES)
    is compared as present and never null on both sides, not by value."""
    assert sorted(actual.columns) == sorted(expected.columns)
    assert actual.height == expected.height
    run_times = list(RUN_TIMES.get(f"marts.{table}", ()))
    for frame in (actual, expected):
        assert all(frame[column].null_count() == 0 for column in run_times)
    actual, expected = actual.drop(run_times), expected.drop(run_times)
    actual = actual.select([pl.col(c).cast(t) for c, t in expected.schema.items()])
    assert_frame_equal(_sorted(actual), _sorted(expected), check_dtypes=False, rel_tol=1e-9, abs_tol=0)


def test_the_run_on_spark_materialised_every_dbt_model(spark_run):
    """Every model and seed of the dbt project (dbt's manifest) has a materialization in the Dagster run
    on engine spark: the dbt Python models too, which are Python steps there."""
    manifest = json.loads((PROJECT_ROOT / "dbt_project" / "target" / "manifest.json").read_text())
    expected = {
        (n["schema"], n["name"])
        for n in manifest["nodes"].values()
        if n["resource_type"] in ("model", "seed")
    }
    materialised = {tuple(e.asset_key.path) for e in spark_run[1].get_asset_materialization_events()}
    assert ("scoring", "clv_fit") in expected
    assert expected - materialised == set()


def test_the_run_on_spark_ran_every_data_test_the_duckdb_run_ran(spark_build: Path, built_warehouse: Path):
    """The same dbt data tests on both engines (each run's run_results.json), all passing on Spark: the
    staged build must not lose the tests on the Python steps' models."""

    def tests(target: Path) -> dict[str, str]:
        results = json.loads((target / "run_results.json").read_text())["results"]
        return {r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("test.")}

    on_duckdb, on_spark = (
        tests(built_warehouse / "build" / "dbt_target"),
        tests(spark_build / "spark" / "dbt_target"),
    )
    assert set(on_spark) == set(on_duckdb)
    assert {t: s for t, s in on_spark.items() if s != "pass"} == {
        t: s for t, s in on_duckdb.items() if s != "pass"
    }


def test_the_serving_file_published_from_spark_equals_duckdb(spark_build: Path, built_warehouse: Path):
    """The publish and the report read Spark's tables on engine spark (the DuckDB copy pipeline.spark_run
    writes): every contract table of the serving file equals the DuckDB build's."""
    assert (spark_build / "journey_report.html").stat().st_size > 0
    with (
        duckdb.connect(str(built_warehouse / "build" / "journeys.duckdb"), read_only=True) as reference,
        duckdb.connect(str(spark_build / "journeys.duckdb"), read_only=True) as served,
    ):
        for con in (reference, served):
            con.execute("set TimeZone = 'UTC'")
        for table in CONTRACT_TABLES:
            assert_same_table(
                served.sql(f"select * from marts.{table}").pl(),
                reference.sql(f"select * from marts.{table}").pl(),
                table,
            )
