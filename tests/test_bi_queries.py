"""Every example query in docs/bi.md runs against the sample warehouse and answers with rows."""

import re

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.e2e
QUERIES = re.findall(r"```sql\n(.*?)```", (PROJECT_ROOT / "docs" / "bi.md").read_text(encoding="utf-8"), re.S)


def test_docs_offer_at_least_ten_queries():
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("number", range(1, len(QUERIES) + 1))
def test_bi_query_runs_on_the_sample_warehouse(built_warehouse, number):
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        rows = con.sql(QUERIES[number - 1].strip().rstrip(";")).fetchall()
    assert rows, f"query {number} of docs/bi.md returned no rows"


def test_parquet_export_mirrors_the_serving_file(built_warehouse):
    """The conftest build sets JOURNEY_PARQUET_EXPORT=1: every published table is also a Parquet file."""
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        tables = con.sql("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, table in tables:
            path = built_warehouse / "parquet" / schema / f"{table}.parquet"
            assert path.exists(), path
            in_file = con.sql(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
            assert con.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0] == in_file
