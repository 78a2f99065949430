"""The whole graph on the shipped sample, checked against the truth the generator planted."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pytest
from scipy import stats

from pipeline.defs.serving.assets import CONTRACT_TABLES
from tests.conftest import SAMPLE
from tests.pii_scan import find_pii
from tests.planted import funnel_attempts

pytestmark = pytest.mark.e2e
TRUTH = SAMPLE / "_truth"


@pytest.fixture(scope="module")
def serving(built_warehouse):
    con = duckdb.connect(str(built_warehouse / "journeys.duckdb"), read_only=True)
    yield con
    con.close()


def test_every_contract_table_is_published_and_filled(serving):
    for table in CONTRACT_TABLES:
        assert serving.execute(f"select count(*) from marts.{table}").fetchall()[0][0] > 0, table


def test_ingestion_reconciles_with_the_exports(serving):
    planted = json.loads((TRUTH / "planted.json").read_text())["counts"]
    log = serving.execute("""
        select table_name, sum(rows_read), sum(rows_loaded), sum(rows_quarantined)
        from audit.ingestion_log group by table_name""").fetchall()
    by_table = {t: (r, l_, q) for t, r, l_, q in log}
    expected = {
        "web_events": planted["web_events"],
        "crm_customers": planted["customers"],
        "crm_orders": planted["orders"],
        "crm_cases": planted["cases"],
        "feedback": planted["feedback"],
    }
    for table, rows in expected.items():
        read, loaded, quarantined = by_table[table]
        assert read == rows and loaded == rows and quarantined == 0, table
    # every generated event maps to an atlas touchpoint, none is lost or duplicated on the way
    assert (
        serving.execute("select count(*) from marts.fct_journey_events").fetchall()[0][0]
        == planted["web_events"]
    )


def test_funnels_match_the_planted_attempts(serving):
    """Per funnel, step and segment: persons reaching each step per month equal the planted truth."""
    attempts = funnel_attempts(TRUTH)
    truth = (
        attempts.with_columns(
            pl.col("entered_at").str.to_datetime(time_zone="UTC").dt.truncate("1mo").alias("month")
        )
        .group_by("funnel_id", "person_key", "month", "segment")
        .agg(pl.col("level").max())
    )
    steps = pl.DataFrame({"step_number": [1, 2, 3, 4]})
    expected = (
        truth.join(steps, how="cross")
        .filter(pl.col("level") >= pl.col("step_number"))
        .group_by("funnel_id", "segment", "step_number")
        .agg(pl.len().alias("reached"))
        .sort("funnel_id", "segment", "step_number")
    )
    actual = serving.sql("""
        select funnel_id, segment, step_number, sum(reached)::bigint as reached
        from marts.fct_funnel_steps group by all having sum(reached) > 0 order by all""").pl()
    assert actual.to_dicts() == expected.with_columns(pl.col("reached").cast(pl.Int64)).to_dicts()


def test_planted_step_probabilities_come_back_within_sampling_error(serving):
    """Attempt-level continuation probabilities are what the generator drew; person-month counts can
    only be at or above them (a person's best attempt counts), never clearly below."""
    planted = json.loads((TRUTH / "planted.json").read_text())["funnel_step_probabilities"]
    rows = serving.execute("""
        select funnel_id, step_number, sum(reached) from marts.fct_funnel_steps group by all order by all
    """).fetchall()
    reached = {(f, s): r for f, s, r in rows}
    for funnel, probs in planted.items():
        for k, p in enumerate(probs, start=1):
            n, hit = reached[(funnel, k)], reached[(funnel, k + 1)]
            se = (p * (1 - p) / n) ** 0.5
            assert hit / n > p - 4 * se, (funnel, k, hit / n, p)
            assert hit / n < p + 0.2, (funnel, k, hit / n, p)


def test_planted_tone_per_touchpoint_comes_back(serving):
    planted = pl.read_csv(TRUTH / "feedback_by_touchpoint.csv")
    measured = serving.sql("""
        select touchpoint_id as planted_touchpoint, avg(sentiment_score) as avg_sentiment, avg(csat) as avg_csat
        from marts.fct_feedback_sentiment where link_method = 'touchpoint_reference' group by 1""").pl()
    joined = planted.join(measured, on="planted_touchpoint")
    assert len(joined) >= 6
    rho = stats.spearmanr(joined["planted_good_prob"], joined["avg_sentiment"]).statistic
    assert rho > 0.7, joined
    worst = joined.sort("avg_sentiment")["planted_touchpoint"][0]
    assert worst == "checkout_payment"


def test_customer_value_is_complete_and_fitted(serving):
    method = serving.execute("select distinct method from marts.clv_model_params").fetchall()
    assert method == [("bgnbd_gamma_gamma",)]
    bad = serving.execute("""select count(*) from marts.dim_customer_value
        where clv is null or isnan(clv) or p_alive < 0 or p_alive > 1 or service_tier is null""").fetchall()[
        0
    ][0]
    assert bad == 0
    tiers = dict(
        serving.execute("select service_tier, count(*) from marts.dim_customer_value group by 1").fetchall()
    )
    assert set(tiers) == {"premium", "digital_plus", "automated"}


def test_one_service_contact_never_sends_a_valuable_customer_to_automation(serving):
    """Issue 16: under the old effort-percentile rule a single service case sent every customer of
    digital-plus value with a contact to 'automated' (38 on the sample)."""
    floor = serving.execute(
        "select value from atlas.atlas_service_tiers where parameter = 'digital_plus_min_clv_percentile'"
    ).fetchall()[0][0]
    valuable_one_case = "from marts.dim_customer_value where service_cases = 1 and clv_percentile >= ?"
    assert serving.execute(f"select count(*) {valuable_one_case}", [floor]).fetchall()[0][0] > 0
    automated = serving.execute(
        f"select customer_id, clv_percentile, tier_reason {valuable_one_case} and service_tier = 'automated'",
        [floor],
    ).fetchall()
    assert automated == []
    unexplained = serving.execute(
        """select count(*) from marts.dim_customer_value
        where tier_reason is null or routing_recommendation is null or routing_recommendation_de is null"""
    ).fetchall()[0][0]
    assert unexplained == 0


def test_no_raw_pii_under_the_warehouse_directory(built_warehouse):
    """The sample's CRM identifiers and feedback PII; personal data planted into web identifiers,
    URLs, properties JSON, GA4 fields and CRM cases is tests/test_pii_end_to_end.py."""
    customers = pl.read_csv(SAMPLE / "crm" / "customers.csv", infer_schema=False)
    needles = set(customers["email"].to_list()) | set(customers["phone"].to_list())
    needles |= {"jane.doe@example.org", "+49 151 2345678"}
    # every text value of every Parquet and DuckDB file, not just bytes (compression hides text)
    assert find_pii(built_warehouse, sorted(needles)) == []


def test_pain_and_gain_quotes_follow_the_clause_that_names_the_aspect(serving):
    # issue 16 item 6: in the sample, "Preis und Leistung stimmen, aber schlechte qualität, nicht wie
    # beschrieben." praises the price and blames the quality; it was the top price pain quote
    price_pain_quotes = serving.sql("""
        select example_quote from marts.fct_pain_gain_points
        where aspect = 'price' and polarity = 'pain'""").pl()["example_quote"]
    assert len(price_pain_quotes) > 0
    assert not any(q.startswith("Preis und Leistung stimmen, aber schlechte") for q in price_pain_quotes)
