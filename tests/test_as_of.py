"""JOURNEY_AS_OF set to a day before the last web event: the run succeeds and customer value uses
only the orders up to that day. The reference comes from the CRM export itself (polars), not from
the warehouse. (A set as-of date once made the as-of CTE return one row per web event: every order
was counted once per event, 448M rows and out of memory on real data.)"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from tests.pipeline_runs import AS_OF

pytestmark = pytest.mark.e2e


def _utc_dates(column: str, source_tz: str) -> pl.Expr:
    """The UTC date of a naive export timestamp in ``source_tz`` (the ingestion rule of
    docs/ingestion.md: wall-clock time in the table's source time zone, stored in UTC)."""
    return (
        pl.col(column)
        .str.to_datetime("%Y-%m-%d %H:%M:%S")
        .dt.replace_time_zone(source_tz, ambiguous="earliest")
        .dt.convert_time_zone("UTC")
        .dt.date()
    )


@pytest.fixture(scope="module")
def as_of_run(small_night):
    return small_night("UTC")  # the small night: JOURNEY_AS_OF=AS_OF (tests/pipeline_runs.py)


def test_orders_after_the_as_of_date_are_never_used(small_landing, as_of_run):
    orders = pl.read_csv(small_landing / "crm" / "orders.csv", infer_schema=False).with_columns(
        order_date=_utc_dates("ordered_at", "Europe/Berlin"), amount=pl.col("amount").cast(pl.Float64)
    )
    web_last = max(
        pl.read_csv(p, columns=["event_at"])["event_at"].str.to_datetime(time_zone="UTC").max().date()
        for p in (small_landing / "web").glob("*.csv")
    )
    # the set date lies inside the data: later events and later orders exist and must be left out
    assert web_last > AS_OF
    assert orders.filter(pl.col("order_date") > AS_OF).height > 0

    result, warehouse = as_of_run
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]

    expected = (
        orders.filter(pl.col("order_date") <= AS_OF)
        .group_by("customer_id")
        .agg(orders_to_date=pl.len(), revenue_to_date=pl.col("amount").sum())
    )
    with duckdb.connect(str(warehouse / "journeys.duckdb"), read_only=True) as con:
        assert con.sql("select distinct as_of_date from marts.clv_model_params").fetchall() == [(AS_OF,)]
        actual = con.sql("""
            select customer_id, orders_to_date, revenue_to_date from marts.dim_customer_value
            where orders_to_date > 0""").pl()
        # the event marts are not cut at the as-of date: only customer value is
        assert con.sql("select max(event_date) from marts.fct_journey_events").fetchall()[0][0] == web_last
    joined = expected.join(actual, on="customer_id", how="full", coalesce=True, suffix="_warehouse")
    assert joined.height == expected.height == actual.height
    assert (joined["orders_to_date"] == joined["orders_to_date_warehouse"]).all(), joined.filter(
        pl.col("orders_to_date") != pl.col("orders_to_date_warehouse")
    )
    assert ((joined["revenue_to_date"] - joined["revenue_to_date_warehouse"]).abs() < 0.005).all()
    assert actual["orders_to_date"].sum() == orders.filter(pl.col("order_date") <= AS_OF).height


def test_the_clv_input_holds_each_order_once_and_none_after_the_date(as_of_run):
    result, warehouse = as_of_run
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    with duckdb.connect(str(warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        rows, orders, last, as_of = con.sql("""
            select count(*), count(distinct order_id), max(order_date), min(as_of_date)
            from intermediate.int_orders_for_clv""").fetchall()[0]
    assert rows == orders
    assert last <= AS_OF and as_of == AS_OF
