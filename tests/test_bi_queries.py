"""Every example query in docs/bi.md runs against the sample warehouse and answers with rows, the
heading counts the questions it lists, and the questions whose answer can be known without the
warehouse answer with it."""

import json
import re

import duckdb
import polars as pl
import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE
from tests.planted import funnel_attempts

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


# The answers, not only that there are some: each question below has an expected result computed here
# from the generator's truth (tests/planted.py, _truth/planted.json) or the export files with polars,
# never from the warehouse.
TRUTH = SAMPLE / "_truth"


def _answer(built_warehouse, number: int) -> list[tuple]:
    with duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True) as con:
        return con.sql(QUERIES[number - 1].strip().rstrip(";")).fetchall()


def _seed(name: str) -> pl.DataFrame:
    return pl.read_csv(PROJECT_ROOT / "seeds" / "atlas" / f"{name}.csv", infer_schema=False)


def _best_attempts() -> pl.DataFrame:
    """Each person's furthest step per funnel and month (the funnels' counting unit), planted."""
    return (
        funnel_attempts(TRUTH)
        .with_columns(
            month=pl.col("entered_at").str.to_datetime(time_zone="UTC").dt.truncate("1mo").dt.date()
        )
        .group_by("funnel_id", "person_key", "month")
        .agg(pl.col("level").max())
    )


def test_question_1_ranks_every_high_level_journey_of_the_atlas_once(built_warehouse):
    rows = _answer(built_warehouse, 1)
    level2 = _seed("atlas_journeys").filter(pl.col("level") == "2")
    assert sorted((en, de) for _, en, de, *_ in rows) == sorted(level2.select("name_en", "name_de").rows())
    assert [rank for rank, *_ in rows] == list(range(1, level2.height + 1))
    scores = [score for _, _, _, score, *_ in rows]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)


def test_question_2_counts_the_planted_drop_offs_of_each_step(built_warehouse):
    """People who stopped at a step (a person's furthest step of the month, before the last step)."""
    steps = _seed("atlas_funnel_steps").with_columns(pl.col("step_number").cast(pl.Int64))
    last = dict(steps.group_by("funnel_id").agg(pl.col("step_number").max()).rows())
    names = dict(_seed("atlas_touchpoints").select("touchpoint_id", "name_en").rows())
    step_names = {
        (f, s): names[tp] for f, s, tp in steps.select("funnel_id", "step_number", "touchpoint_id").rows()
    }
    dropped = {
        (f, s): n
        for f, s, n in _best_attempts().group_by("funnel_id", "level").agg(pl.len()).rows()
        if s < last[f]
    }
    rows = _answer(built_warehouse, 2)
    assert len(rows) == 10
    for funnel, step, name, people, clv_of_dropped in rows:
        assert people == dropped[(funnel, step)], (funnel, step)
        assert name == step_names[(funnel, step)]
        assert clv_of_dropped >= 0
    # the ten steps are among those that lose people, none listed twice
    assert len({(f, s) for f, s, *_ in rows}) == 10


def test_question_6_checkout_conversion_per_month_is_the_planted_one(built_warehouse):
    best = _best_attempts().filter(pl.col("funnel_id") == "online_checkout")
    expected = [
        (month, entered, completed, round(completed / entered, 3))
        for month, entered, completed in best.group_by("month")
        .agg(pl.len(), (pl.col("level") >= 4).sum())
        .sort("month")
        .rows()
    ]
    assert _answer(built_warehouse, 6) == expected


def test_question_9_puts_every_crm_customer_in_one_tier(built_warehouse):
    customers = pl.read_csv(SAMPLE / "crm" / "customers.csv", infer_schema=False)["customer_id"].n_unique()
    rows = _answer(built_warehouse, 9)
    assert {tier for tier, *_ in rows} == {"premium", "digital_plus", "automated"}
    assert sum(n for _, n, *_ in rows) == customers
    assert [tier for tier, *_ in rows] == ["premium", "digital_plus", "automated"]  # by CLV, as asked


def test_question_11_lists_the_files_and_rows_of_the_night(built_warehouse):
    """The session's warehouse is one run over the whole sample: every export file, every row."""
    counts = json.loads((TRUTH / "planted.json").read_text())["counts"]
    assert _answer(built_warehouse, 11) == [
        ("crm_cases", 1, counts["cases"], 0, 0),
        ("crm_customers", 1, counts["customers"], 0, 0),
        ("crm_orders", 1, counts["orders"], 0, 0),
        ("feedback", len(list((SAMPLE / "feedback").glob("*.csv"))), counts["feedback"], 0, 0),
        ("web_events", counts["web_files"], counts["web_events"], 0, 0),
    ]
