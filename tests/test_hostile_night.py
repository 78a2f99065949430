"""A night with every file of the second hostile corpus (tests/hostile_round2.py: links to /etc/passwd
and /etc, a FIFO, a 100,000-deep JSON line, a 200 MiB field, UTF-16, NUL bytes, …) beside the shipped
sample, run as an operator runs it (`python -m pipeline.run` in its own process): the night publishes,
no row is lost (per file: read = loaded + quarantined = the records counted independently), nothing a
link points to appears anywhere under the warehouse directory, nothing oversized and no NUL is
stored, no e-mail or phone planted in web identifiers, URLs, properties, CRM cases and feedback text
(tests/pii_plant.py) appears in clear anywhere under the warehouse directory, and the process exits
with 3, "published, but landing files loaded nothing"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.config import IngestLimits
from pipeline.run import EXIT_PUBLISHED_WITH_REJECTED_FILES
from tests.conftest import PROJECT_ROOT, SAMPLE
from tests.hostile_round2 import HUGE, build, data_records
from tests.pii_plant import plant
from tests.pii_scan import find_pii

pytestmark = pytest.mark.e2e

REFUSED = ("passwd_link.csv", "etc_link.csv", "sibling_link.csv", "fifo.csv")
NOT_ACCEPTED = (*REFUSED, "all_bad.csv")
PASSWD = [line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-night")
    landing, warehouse, home = root / "landing", root / "warehouse", root / "dagster_home"
    shutil.copytree(SAMPLE, landing, ignore=shutil.ignore_patterns("_truth"))
    build(landing)  # beside the sample's files; no name is shared
    needles = plant(landing, date(2026, 10, 31))  # personal data where real exports carry it
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "JOURNEY_LANDING_DIR": str(landing),
        "JOURNEY_WAREHOUSE_DIR": str(warehouse),
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    for name in ("JOURNEY_AS_OF", "JOURNEY_PARQUET_EXPORT"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    yield landing, warehouse, proc, needles
    (landing / HUGE).unlink()  # pytest keeps the temporary directories of the last runs: not 200 MiB


@pytest.fixture(scope="module")
def serving(night):
    con = duckdb.connect(str(night[1] / "journeys.duckdb"), read_only=True)
    yield con
    con.close()


def test_the_night_publishes_and_says_which_files_loaded_nothing(night, serving):
    _, _, proc, _ = night
    assert proc.returncode == EXIT_PUBLISHED_WITH_REJECTED_FILES == 3, proc.stderr[-4000:]
    summary = proc.stderr[proc.stderr.index("published, but") :]
    assert f"published, but {len(NOT_ACCEPTED)} landing file(s) loaded nothing" in summary
    for name in NOT_ACCEPTED:
        assert name in summary
    assert "is a symbolic link (to /etc/passwd)" in summary
    publishes = "select count(*) from audit.runs where stage = 'publish' and outcome = 'success'"
    assert serving.execute(publishes).fetchall() == [(1,)]
    assert serving.execute("select count(*) from marts.fct_journey_events").fetchall()[0][0] > 0
    ((detail,),) = serving.execute(
        "select detail from audit.runs where stage = 'ingest/web_events'"
    ).fetchall()
    for name in ("passwd_link.csv", "fifo.csv", "all_bad.csv"):
        assert name in detail


def test_no_row_is_lost(night, serving):
    landing = night[0]
    log = {
        (folder, name): (status, read, loaded, quarantined)
        for folder, name, status, read, loaded, quarantined in serving.execute("""
            select case when table_name = 'web_events' then 'web' when table_name = 'feedback' then 'feedback'
                        else 'crm' end, source_file, status, rows_read, rows_loaded, rows_quarantined
            from audit.ingestion_log""").fetchall()
    }
    entries = {(p.parent.name, p.name): p for p in landing.glob("*/*")}
    assert set(log) == set(entries)
    quarantined = dict(
        serving.execute("select source_file, count(*) from audit.quarantined_rows group by all").fetchall()
    )
    for key, path in entries.items():
        status, read, loaded, q = log[key]
        assert read == loaded + q, key
        assert quarantined.get(key[1], 0) == q, key
        if key[1] in REFUSED:
            assert (status, read) == ("rejected", 0)
        else:  # the file's records counted without the ingestion code, UTF-16 included
            assert read == data_records(path), key
    encodings = dict(serving.execute("select source_file, encoding from audit.ingestion_log").fetchall())
    assert encodings["clickstream_utf16le_tab.csv"] == "utf-16-le"
    assert encodings["umfrage_utf16be_tab.csv"] == "utf-16-be"


def test_nothing_a_link_points_to_is_anywhere_under_the_warehouse(night):
    warehouse = night[1]
    for path in (p for p in warehouse.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert [line for line in PASSWD if line.encode() in data] == [], path
    assert find_pii(warehouse, PASSWD) == []  # also inside compressed Parquet pages and DuckDB strings


def test_nothing_oversized_and_no_nul_is_stored(night):
    warehouse = night[1]
    bound = IngestLimits().max_field_bytes
    for db in (warehouse / "journeys.duckdb", warehouse / "build" / "journeys.duckdb"):
        with duckdb.connect(str(db), read_only=True) as con:
            columns = con.sql("""
                select c.table_schema, c.table_name, c.column_name
                from information_schema.columns c
                join information_schema.tables t using (table_catalog, table_schema, table_name)
                where c.data_type = 'VARCHAR' and t.table_type = 'BASE TABLE'
            """).fetchall()
            assert columns
            for schema, table, column in columns:
                ((longest, nul),) = con.execute(
                    f'select max(length("{column}")), count(*) filter (where contains("{column}", chr(0))) '
                    f'from "{schema}"."{table}"'
                ).fetchall()
                assert (longest or 0) <= bound and nul == 0, (db.name, schema, table, column, longest, nul)
    assert (warehouse / "build" / "journeys.duckdb").stat().st_size < 200 << 20


def test_no_planted_email_or_phone_is_anywhere_under_the_warehouse(night):
    warehouse, needles = night[1], night[3]
    assert len(needles) >= 10
    for path in (p for p in warehouse.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert [n for n in needles if n.encode() in data] == [], path
    assert find_pii(warehouse, needles) == []  # also inside compressed Parquet pages and DuckDB strings
