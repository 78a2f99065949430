"""BI readers never block the night: a reader holding the serving file open (read-only) during a
publish does not make it fail, keeps reading last night's data, and sees the new data after
reconnecting. Also: the serving file is written in a storage version DuckDB 1.x clients can open."""

import os
import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from pipeline.defs.serving.assets import serving_warehouse

pytestmark = pytest.mark.e2e

READER = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
PUBLISHES = "select count(*) from audit.runs where stage = 'publish'"
print(con.sql(PUBLISHES).fetchall()[0][0], flush=True)
sys.stdin.readline()  # hold the file open until the test says so
print(con.sql(PUBLISHES).fetchall()[0][0], flush=True)
"""


def test_publish_succeeds_while_a_reader_holds_the_serving_file(built_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("raw", "parquet"))
    serving = warehouse / "journeys.duckdb"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(serving)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        runs_before = int(reader.stdout.readline())
        previous = os.environ.get("JOURNEY_WAREHOUSE_DIR")
        os.environ["JOURNEY_WAREHOUSE_DIR"] = str(warehouse)
        try:
            result = dg.materialize([serving_warehouse], instance=dg.DagsterInstance.ephemeral())
        finally:
            if previous is None:
                os.environ.pop("JOURNEY_WAREHOUSE_DIR")
            else:
                os.environ["JOURNEY_WAREHOUSE_DIR"] = previous
        assert result.success
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == runs_before  # the open connection still sees its night
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0
    with duckdb.connect(str(serving), read_only=True) as con:  # reconnecting shows the new night
        assert (
            con.sql("select count(*) from audit.runs where stage = 'publish'").fetchall()[0][0]
            == runs_before + 1
        )


def test_serving_file_uses_the_configured_storage_version(built_warehouse):
    """The serving file is written as storage version v1.4.0 (JOURNEY_SERVING_STORAGE_VERSION), so
    DuckDB 1.4+ clients can open it; the build file keeps this DuckDB's own format."""

    def storage_version(path):
        with duckdb.connect(str(path), read_only=True) as con:
            name = path.stem
            return con.sql(
                f"select tags['storage_version'] from duckdb_databases() where database_name = '{name}'"
            ).fetchall()[0][0]

    assert storage_version(built_warehouse / "journeys.duckdb").startswith("v1.4.0")
