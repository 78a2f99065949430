"""The same dbt models on Apache Spark give the same contract tables as on DuckDB (docs/scale-out.md).

The shipped sample is built by the nightly run (the session fixture `built_warehouse`: DuckDB), then
`python -m pipeline.spark_run` builds the dbt models on local Spark from the same raw zone. Every
contract table Spark writes (JOURNEY_WAREHOUSE_DIR/spark/marts/<table>/, Parquet) must equal the DuckDB
table: the same columns, the same rows (order aside), numbers equal to 1e-9 relative. The contract tables
that do not build on Spark yet are listed in NOT_ON_SPARK with the reason; the test fails when one of
them appears (update the list) or another is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.defs.serving.assets import CONTRACT_TABLES

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
def spark_build(built_warehouse: Path) -> Path:
    env = {**os.environ, "JOURNEY_WAREHOUSE_DIR": str(built_warehouse), "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("JOURNEY_AS_OF", None)
    done = subprocess.run(
        [SPARK_PYTHON, "-m", "pipeline.spark_run"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return built_warehouse


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
def test_spark_table_equals_duckdb(spark_build: Path, table: str):
    with duckdb.connect(str(spark_build / "build" / "journeys.duckdb"), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        expected = con.sql(f"select * from marts.{table}").pl()
        actual = spark_table(con, spark_build, table)
    assert table in built_on_spark(spark_build)
    if actual is None:
        assert expected.height == 0, f"Spark wrote no rows of {table}"
        return
    assert sorted(actual.columns) == sorted(expected.columns)
    assert actual.height == expected.height
    actual = actual.select([pl.col(c).cast(t) for c, t in expected.schema.items()])
    assert_frame_equal(_sorted(actual), _sorted(expected), check_dtypes=False, rel_tol=1e-9, abs_tol=0)
