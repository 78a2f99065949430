"""The scoring step between dbt models, as plain functions the dbt Python models call
(dbt_project/models/scoring/*.py): customer lifetime value from orders, journey priority from its
inputs. Kept here, not in the model files, so they are unit-testable and importable."""

from __future__ import annotations

import polars as pl

from pipeline.config import load_clv_settings
from pipeline.value import clv, priority

FIT_SCHEMA = {
    "model": pl.String,
    "parameter": pl.String,
    "value": pl.Float64,
    "time_unit": pl.String,
    "as_of_date": pl.Date,
    "n_customers": pl.Int64,
    "log_likelihood": pl.Float64,
    "converged": pl.Boolean,
    "method": pl.String,
    "note": pl.String,
}


def customer_value(
    orders: pl.DataFrame, settings: clv.ClvSettings | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(predictions per customer, fitted parameters) from orders up to the as-of date
    (columns customer_id, order_date, amount, as_of_date). ``settings``: by default the CLV settings
    the dbt process got from ``pipeline.config.dbt_env`` (the dbt Python models call this)."""
    if orders.is_empty():
        raise ValueError("no orders up to the as-of date: cannot compute customer value")
    as_of = orders["as_of_date"].max()
    summary = clv.rfm_summary(orders, as_of)
    predictions, params = clv.score_customers(summary, as_of, settings or load_clv_settings())
    return predictions, pl.DataFrame(params, schema=FIT_SCHEMA)


def journey_priority_from_atlas(
    inputs: pl.DataFrame, atlas_journeys: pl.DataFrame, atlas_scoring_weights: pl.DataFrame
) -> pl.DataFrame:
    """journey_priority on the dbt tables (models/scoring/journey_priority.py, and the Spark build's
    Python step): the inputs of journey_priority_inputs with each node's journey level from atlas_journeys,
    the weights from atlas_scoring_weights."""
    levels = atlas_journeys.select(
        pl.col("node_id").alias("journey_node_id"), pl.col("level").alias("journey_level")
    )
    weights = dict(atlas_scoring_weights.select("component", "weight").iter_rows())
    return journey_priority(inputs.join(levels, on="journey_node_id", how="inner"), weights)


def journey_priority(inputs: pl.DataFrame, weights: dict[str, float]) -> pl.DataFrame:
    """Priority score, rank, components, explanation and rank stability per atlas node and segment
    (inputs: journey_priority_inputs joined with the node's journey_level)."""
    scored = priority.score(inputs, weights)
    stability = priority.rank_stability(inputs, weights)
    return scored.join(stability, on=["journey_level", "segment"], how="left").select(
        "journey_node_id",
        "segment",
        "journey_level",
        "priority_score",
        "priority_rank",
        "priority_quadrant",
        "reach",
        "value_at_stake",
        "has_outcome",
        "entered",
        "completed",
        "dropped",
        "dropped_above_norm",
        "drop_off_rate",
        "non_completion_rate",
        "value_at_risk",
        "value_at_risk_above_norm",
        "feedback_items",
        "negative_share",
        "low_csat_share",
        "detractor_share",
        "high_effort_share",
        "avg_csat",
        "feedback_pain",
        "customer_pain",
        "service_effort_per_person",
        "retention_potential",
        *[f"{c}_component" for c in priority.COMPONENTS],
        *[f"{c}_points" for c in priority.COMPONENTS],
        "explanation",
        "rank_stability_spearman",
    )
