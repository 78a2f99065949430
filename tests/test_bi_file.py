"""The serving file explains itself to BI tools: every published dbt table and column carries its yml
description as a DuckDB comment (read the way DBeaver, Metabase and Superset read them), counts are
BIGINT (never HUGEINT / DECIMAL(38,0)), and total rows are flagged apart from segment rows."""

import json

import duckdb
import pytest

from pipeline.defs.serving.assets import CONTRACT_TABLES
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.e2e

AUDIT_CONTRACT = ("ingestion_log", "quarantined_rows")


def yml_descriptions() -> dict[tuple[str, str], dict]:
    """(schema, table) -> {"description", "columns": {name: description}} of every dbt model, as dbt
    parse renders the yml (doc blocks filled in): the manifest Dagster loads, not the serving file."""
    manifest = json.loads((PROJECT_ROOT / "dbt_project" / "target" / "manifest.json").read_text())
    return {
        (node["schema"], node["name"]): {
            "description": node["description"],
            "columns": {name: col["description"] for name, col in node["columns"].items()},
        }
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


@pytest.fixture(scope="module")
def serving(built_warehouse):
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        yield con


def test_contract_tables_are_described_in_yml():
    described = yml_descriptions()
    for schema, table in [("marts", t) for t in CONTRACT_TABLES] + [("audit", t) for t in AUDIT_CONTRACT]:
        assert described[(schema, table)]["description"].strip(), f"{schema}.{table} has no yml description"


def test_every_published_dbt_table_and_column_carries_its_yml_description(serving):
    described = yml_descriptions()
    tables = serving.sql(
        "select schema_name, table_name, comment from duckdb_tables() where schema_name in ('marts', 'audit')"
    ).fetchall()
    published = {(s, t) for s, t, _ in tables}
    for schema, table in [("marts", t) for t in CONTRACT_TABLES] + [("audit", t) for t in AUDIT_CONTRACT]:
        assert (schema, table) in published, f"{schema}.{table} not published"
    checked = 0
    for schema, table, comment in tables:
        if (schema, table) not in described:  # audit.runs: written by the publish step, not a dbt model
            continue
        yml = described[(schema, table)]
        assert comment == yml["description"], f"{schema}.{table}: table comment {comment!r}"
        columns = serving.execute(
            "select column_name, comment from duckdb_columns() where schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchall()
        for column, column_comment in columns:
            assert column in yml["columns"], f"{schema}.{table}.{column} is not described in the yml"
            assert column_comment and column_comment.strip(), f"{schema}.{table}.{column} has no comment"
            assert column_comment == yml["columns"][column], f"{schema}.{table}.{column}: {column_comment!r}"
            checked += 1
        stale = set(yml["columns"]) - {c for c, _ in columns}
        assert not stale, f"{schema}.{table}: yml describes columns the table lacks: {sorted(stale)}"
    assert checked >= 250  # the whole published catalogue (292 columns on the sample), not a handful


def test_information_schema_shows_the_same_comments(serving):
    """DBeaver and Superset (SQLAlchemy) read the catalogue through information_schema."""
    described = yml_descriptions()
    rows = serving.sql(
        "select c.table_name, c.column_name, c.COLUMN_COMMENT, t.TABLE_COMMENT "
        "from information_schema.columns as c join information_schema.tables as t "
        "using (table_catalog, table_schema, table_name) where c.table_schema = 'marts'"
    ).fetchall()
    assert {t for t, *_ in rows} >= set(CONTRACT_TABLES)
    for table, column, column_comment, table_comment in rows:
        yml = described[("marts", table)]
        assert table_comment == yml["description"]
        assert column_comment == yml["columns"][column]


def test_counts_are_bigint_in_every_published_table(serving):
    """HUGEINT and DECIMAL(p, 0) come from sum() over integers, unsigned integers from polars counts;
    pandas turns HUGEINT into floats and JDBC drivers handle these types poorly (Java has no
    unsigned integers). No published column may have those types."""
    bad = serving.sql(
        "select schema_name || '.' || table_name || '.' || column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and not internal "
        "and (data_type in ('HUGEINT', 'UHUGEINT', 'UBIGINT', 'UINTEGER', 'USMALLINT', 'UTINYINT') or (data_type like 'DECIMAL%' and numeric_scale = 0))"
    ).fetchall()
    assert not bad, f"integer counts not BIGINT: {bad}"
    counted = serving.sql(
        "select column_name, data_type from duckdb_columns() where table_name = 'journey_priority_scores' "
        "and column_name in ('entered', 'completed', 'dropped', 'reach', 'feedback_items')"
    ).fetchall()
    assert sorted(counted) == sorted(
        (c, "BIGINT") for c in ("entered", "completed", "dropped", "reach", "feedback_items")
    )
    frame = serving.sql(
        "select entered, completed, dropped from marts.journey_priority_scores where entered is not null"
    ).df()
    assert all(str(t) == "int64" for t in frame.dtypes), frame.dtypes


ADDITIVE = ("reach", "entered", "completed", "dropped", "feedback_items")


def test_total_rows_are_flagged_and_segment_rows_add_up_to_them(serving):
    """is_total marks the segment 'all' rows; the segment rows of a node add up to its total row
    (so a BI sum over is_total = false, or the is_total row alone, never double counts)."""
    flags = serving.sql(
        "select is_total, segment = 'all', count(*) from marts.journey_priority_scores group by all"
    ).fetchall()
    assert {(a, b) for a, b, _ in flags} == {(True, True), (False, False)}, flags
    sums = ", ".join(
        f"sum({c}) filter (where not is_total), sum({c}) filter (where is_total)" for c in ADDITIVE
    )
    rows = serving.sql(
        f"select journey_node_id, {sums} from marts.journey_priority_scores group by journey_node_id"
    ).fetchall()
    assert rows
    for node, *values in rows:
        for i, column in enumerate(ADDITIVE):
            segments, total = values[2 * i], values[2 * i + 1]
            assert (segments or 0) == (total or 0), f"{node}.{column}: segments {segments} vs total {total}"
