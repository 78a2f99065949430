"""Every example query in docs/bi.md runs against the sample warehouse and answers with rows, and the
heading counts the questions it lists."""

import re

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.e2e
DOC = (PROJECT_ROOT / "docs" / "bi.md").read_text(encoding="utf-8")
HEADING = re.search(r"^## (\w+) questions a CX analyst asks$", DOC, re.M)
QUESTIONS = DOC[HEADING.end() : DOC.index("\n## ", HEADING.end())]
QUERIES = re.findall(r"```sql\n(.*?)```", QUESTIONS, re.S)
OTHER_SQL = [
    statement.strip()
    for block in re.findall(r"```sql\n(.*?)```", DOC.replace(QUESTIONS, ""), re.S)
    for statement in block.split(";")
    if statement.strip()
]
NUMBER_WORDS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}


def test_the_heading_counts_the_questions_listed_under_it():
    assert len(QUERIES) >= 10
    assert NUMBER_WORDS[HEADING.group(1).lower()] == len(QUERIES), HEADING.group(0)
    numbers = [int(n) for n in re.findall(r"^\*\*(\d+)\. ", QUESTIONS, re.M)]
    assert numbers == list(range(1, len(QUERIES) + 1))


@pytest.mark.parametrize("number", range(1, len(QUERIES) + 1))
def test_bi_query_runs_on_the_sample_warehouse(built_warehouse, number):
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        rows = con.sql(QUERIES[number - 1].strip().rstrip(";")).fetchall()
    assert rows, f"query {number} of docs/bi.md returned no rows"


@pytest.mark.parametrize("number", range(1, len(OTHER_SQL) + 1))
def test_other_sql_in_the_doc_runs_on_the_sample_warehouse(built_warehouse, number):
    """The catalogue queries of "The file describes itself" (and any other SQL outside the questions)."""
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        rows = con.sql(OTHER_SQL[number - 1]).fetchall()
    assert rows, OTHER_SQL[number - 1]


def test_parquet_export_mirrors_the_serving_file(built_warehouse):
    """The conftest build sets JOURNEY_PARQUET_EXPORT=1: every published table is also a Parquet file."""
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        tables = con.sql("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, table in tables:
            path = built_warehouse / "parquet" / schema / f"{table}.parquet"
            assert path.exists(), path
            in_file = con.sql(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
            assert con.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0] == in_file
