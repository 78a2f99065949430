"""Trend and campaign marts on the shipped sample, against the generator's planted truth: the funnel
attempts per ISO week and per day (fct_funnel_step_trends) and the planted e-mail campaign
(fct_funnel_steps_by_campaign, fct_sessions)."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pytest

from tests.conftest import SAMPLE
from tests.planted import funnel_attempts

pytestmark = pytest.mark.e2e
TRUTH = SAMPLE / "_truth"
STEPS = pl.DataFrame({"step_number": [1, 2, 3, 4]})


@pytest.fixture(scope="module")
def serving(built_warehouse):
    con = duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True)
    yield con
    con.close()


def _attempts(with_strict: bool = True) -> pl.DataFrame:
    return funnel_attempts(TRUTH, with_strict).with_columns(
        pl.col("entered_at").str.to_datetime(time_zone="UTC"), pl.col("campaign").fill_null("")
    )


def _reached(best: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return (
        best.join(STEPS, how="cross")
        .filter(pl.col("level") >= pl.col("step_number"))
        .group_by(*keys, "step_number")
        .agg(pl.len().cast(pl.Int64).alias("reached"))
        .sort(*keys, "step_number")
    )


@pytest.mark.parametrize(("grain", "every"), [("week", "1w"), ("day", "1d")])
def test_trends_count_the_planted_attempts_per_week_and_day(serving, grain, every):
    """A person counts once per funnel and ISO week (Monday) or day with their best attempt."""
    best = (
        _attempts()
        .with_columns(pl.col("entered_at").dt.truncate(every).dt.date().alias("period_start"))
        .group_by("funnel_id", "person_key", "period_start")
        .agg(pl.col("level").max())
    )
    expected = _reached(best, ["funnel_id", "period_start"])
    actual = serving.sql(f"""
        select funnel_id, period_start, step_number, reached
        from marts.fct_funnel_step_trends
        where period_grain = '{grain}' and reached > 0
        order by funnel_id, period_start, step_number""").pl()
    assert actual.to_dicts() == expected.to_dicts()


def test_previous_period_is_the_calendar_period_before(serving):
    rows = serving.sql("""
        select count(*) filter (where cur.previous_reached is distinct from prev.reached)
        from marts.fct_funnel_step_trends as cur
        left join marts.fct_funnel_step_trends as prev
            on cur.period_grain = prev.period_grain and cur.funnel_id = prev.funnel_id
            and cur.step_number = prev.step_number
            and prev.period_start = cur.period_start - case when cur.period_grain = 'week' then 7 else 1 end""")
    assert rows.fetchall() == [(0,)]


def test_the_planted_campaign_is_reported_with_its_conversion(serving):
    """The campaign's person-months are those whose best online_checkout attempt of the month came from
    it; the warehouse finds them through the UTM parameters of the landing URL alone."""
    campaign = json.loads((TRUTH / "planted.json").read_text())["campaign"]
    best = (
        _attempts(with_strict=False)
        .filter(pl.col("funnel_id") == "online_checkout")
        .with_columns(pl.col("entered_at").dt.truncate("1mo").dt.date().alias("period_month"))
        .sort("level", "entered_at", descending=[True, False])
        .group_by("person_key", "period_month", maintain_order=True)
        .first()
        .filter(pl.col("campaign") == campaign["utm_campaign"])
    )
    expected = _reached(best.with_columns(pl.lit(1).alias("k")), ["k"]).drop("k")
    actual = serving.sql(f"""
        select step_number, sum(reached)::bigint as reached
        from marts.fct_funnel_steps_by_campaign
        where funnel_id = 'online_checkout' and traffic_campaign = '{campaign["utm_campaign"]}'
            and traffic_source = '{campaign["utm_source"]}' and traffic_medium = '{campaign["utm_medium"]}'
        group by step_number having sum(reached) > 0 order by step_number""").pl()
    assert len(best) > 100
    assert actual.to_dicts() == expected.to_dicts()
    # its cart -> address conversion is the planted one (attempt level; a person-month's best attempt
    # can only be at or above it), well above the other entries'
    entered, to_address = actual["reached"][0], actual["reached"][1]
    p = campaign["cart_to_address"]
    assert p - 4 * (p * (1 - p) / entered) ** 0.5 < to_address / entered < p + 0.1
    (other,) = serving.sql(f"""
        select sum(reached) filter (where step_number = 2) / sum(reached) filter (where step_number = 1)
        from marts.fct_funnel_steps_by_campaign
        where funnel_id = 'online_checkout' and traffic_campaign <> '{campaign["utm_campaign"]}'""").fetchall()[0]
    assert other < p - 0.15
    sessions = serving.sql(f"""
        select count(*) from marts.fct_sessions where traffic_campaign = '{campaign["utm_campaign"]}'""").fetchall()
    assert (
        sessions[0][0]
        == _attempts(with_strict=False).filter(pl.col("campaign") == campaign["utm_campaign"]).height
    )
