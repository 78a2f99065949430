"""BI readers never block the night: a reader holding the serving file open (read-only) during a
publish does not make it fail, keeps reading last night's data, and sees the new data once every
connection of its process to the file is closed. Also: the serving file is written in storage version
v1.4.0, and the oldest client docs/bi.md names (duckdb 1.4.0, in .venv-duckdb-old) opens it."""

import json
import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from pipeline.defs.serving.assets import serving_warehouse
from tests.conftest import PROJECT_ROOT, SAMPLE, settings_for

pytestmark = pytest.mark.e2e
OLD_CLIENT = PROJECT_ROOT / ".venv-duckdb-old" / "bin" / "python"
OLDEST_DOCUMENTED = "1.4.0"  # docs/bi.md "Which DuckDB versions open it"; Makefile OLD_DUCKDB

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
        result = dg.materialize(
            [serving_warehouse],
            instance=dg.DagsterInstance.ephemeral(),
            resources={"settings": settings_for(SAMPLE, warehouse)},
        )
        assert result.success
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == runs_before  # the open connection still sees its night
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0
    with duckdb.connect(str(serving), read_only=True) as con:  # a new process shows the new night
        assert (
            con.sql("select count(*) from audit.runs where stage = 'publish'").fetchall()[0][0]
            == runs_before + 1
        )


def test_publish_copies_within_the_products_memory_limit_and_spill_directory(built_warehouse, tmp_path):
    """The publish's DuckDB connection takes the dbt build's memory limit and spill directory from the
    settings (without, DuckDB's default of 80 % of the machine let it reach 10.9 GB resident at 100M
    events, docs/benchmarks.md): at a limit below the build file's size it still copies every table,
    and the spill directory it was given exists (the connection creates it)."""
    warehouse = tmp_path / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("raw", "parquet"))
    spill = tmp_path / "publish_spill"
    settings = settings_for(
        SAMPLE, warehouse, JOURNEY_DUCKDB_MEMORY="16MB", JOURNEY_DUCKDB_TEMP_DIR=str(spill)
    )
    assert settings.build_db.stat().st_size > 16 * 2**20  # the limit is below what is copied
    result = dg.materialize(
        [serving_warehouse], instance=dg.DagsterInstance.ephemeral(), resources={"settings": settings}
    )
    assert result.success
    assert spill.is_dir()
    with duckdb.connect(str(settings.build_db), read_only=True) as build:
        expected = build.sql("select count(*) from marts.fct_journey_events").fetchall()[0][0]
    with duckdb.connect(str(warehouse / "journeys.duckdb"), read_only=True) as serving:
        assert serving.sql("select count(*) from marts.fct_journey_events").fetchall()[0][0] == expected


def publish_again(warehouse):
    """The real publish step (Dagster asset) once more on a copied warehouse."""
    assert dg.materialize(
        [serving_warehouse],
        instance=dg.DagsterInstance.ephemeral(),
        resources={"settings": settings_for(SAMPLE, warehouse)},
    ).success


def test_the_published_record_of_the_publish_covers_its_copy(built_warehouse, tmp_path):
    """audit.runs in the new serving file holds this run's publish with the copy's time: the record is
    closed after the tables are copied, not before (it was: 0.05 s published for a 1.5 s publish on the
    sample, 0.1 s for 163 s at 100M events). The step's own record on disk, written when the step ends,
    is the independent clock: the published one may lack only the last table, the move and the record's
    write (about a tenth of the sample's publish)."""
    warehouse = tmp_path / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("raw", "parquet"))
    publish_again(warehouse)
    on_disk = [json.loads(p.read_text()) for p in (warehouse / "run_log").glob("*/publish.json")]
    last = max(on_disk, key=lambda r: r["started_at"])
    with duckdb.connect(str(warehouse / "journeys.duckdb"), read_only=True) as con:
        published = con.sql(
            "select seconds from audit.runs where stage = 'publish' and run_id = ?", params=[last["run_id"]]
        ).fetchall()
    assert len(published) == 1
    assert published[0][0] >= 0.5 * last["seconds"], (published, last)


def test_a_long_running_reader_sees_the_new_night_only_after_closing_every_connection(
    built_warehouse, tmp_path
):
    """DuckDB keeps one database instance per path in a process: a connect() while another connection
    to the same path is open returns that instance, i.e. the old file (docs/operations.md)."""
    warehouse = tmp_path / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("raw", "parquet"))
    serving = str(warehouse / "journeys.duckdb")
    publishes = "select count(*) from audit.runs where stage = 'publish'"
    first = duckdb.connect(serving, read_only=True)
    before = first.sql(publishes).fetchall()[0][0]
    publish_again(warehouse)
    second = duckdb.connect(serving, read_only=True)  # a "reconnect" while `first` is still open
    assert second.sql(publishes).fetchall()[0][0] == before  # still last night
    second.close()
    third = duckdb.connect(serving, read_only=True)
    assert third.sql(publishes).fetchall()[0][0] == before  # `first` still holds the old instance
    third.close()
    first.close()  # now no connection of this process holds the path
    with duckdb.connect(serving, read_only=True) as fresh:
        assert fresh.sql(publishes).fetchall()[0][0] == before + 1


OLD_READER = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps({
    "version": duckdb.__version__,
    "tables": con.sql("select schema_name, table_name, comment from duckdb_tables() order by all").fetchall(),
    "columns": con.sql("select schema_name, table_name, column_name, comment from duckdb_columns() "
                       "where database_name = current_database() order by all").fetchall(),
    "rows": con.sql("select count(*) from marts.journey_priority_scores").fetchall()[0][0],
}, default=str))
"""


@pytest.mark.skipif(
    not OLD_CLIENT.exists(),
    reason=".venv-duckdb-old is absent: `make old-duckdb` creates it (`make test` does)",
)
def test_the_oldest_documented_duckdb_client_opens_the_serving_file_and_reads_its_comments(built_warehouse):
    serving = built_warehouse / "journeys.duckdb"
    done = subprocess.run(
        [str(OLD_CLIENT), "-c", OLD_READER, str(serving)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    old = json.loads(done.stdout)
    assert old["version"] == OLDEST_DOCUMENTED
    with duckdb.connect(str(serving), read_only=True) as con:
        tables = con.sql(
            "select schema_name, table_name, comment from duckdb_tables() order by all"
        ).fetchall()
        columns = con.sql(
            "select schema_name, table_name, column_name, comment from duckdb_columns() "
            "where database_name = current_database() order by all"
        ).fetchall()
        rows = con.sql("select count(*) from marts.journey_priority_scores").fetchall()[0][0]
    assert [tuple(t) for t in old["tables"]] == tables
    assert [tuple(c) for c in old["columns"]] == columns
    assert old["rows"] == rows > 0
    assert sum(1 for *_, comment in old["columns"] if comment) >= 250  # the comments made it across (292)


def test_serving_file_uses_the_configured_storage_version(built_warehouse):
    """The serving file is written as storage version v1.4.0 (JOURNEY_SERVING_STORAGE_VERSION), so
    DuckDB 1.4.0+ clients can open it (1.3.2 refuses it); the build file keeps this DuckDB's own format."""

    def storage_version(path):
        with duckdb.connect(str(path), read_only=True) as con:
            name = path.stem
            return con.sql(
                f"select tags['storage_version'] from duckdb_databases() where database_name = '{name}'"
            ).fetchall()[0][0]

    assert storage_version(built_warehouse / "journeys.duckdb").startswith("v1.4.0")
