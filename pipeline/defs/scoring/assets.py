"""Customer lifetime value and journey priority: Python models between dbt models."""

import os

import dagster as dg
import polars as pl

from pipeline.defs.shared import DUCKDB_POOL, connect_build, markdown_table, settings, stage
from pipeline.value import clv, priority


def clv_settings() -> clv.ClvSettings:
    return clv.ClvSettings(
        horizon_weeks=float(os.environ.get("JOURNEY_CLV_HORIZON_WEEKS", 52)),
        margin=float(os.environ.get("JOURNEY_CLV_MARGIN", 0.25)),
        monthly_discount=float(os.environ.get("JOURNEY_CLV_MONTHLY_DISCOUNT", 0.01)),
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["scoring", "clv_customer_predictions"],
            group_name="scoring",
            kinds={"python", "duckdb"},
            owners=["team:cx-analytics"],
            deps=[dg.AssetKey(["intermediate", "int_orders_for_clv"])],
            description="P(alive), expected purchases, expected spend and CLV per customer "
            "(BG/NBD + Gamma-Gamma fitted on orders up to the as-of date).",
        ),
        dg.AssetSpec(
            ["scoring", "clv_fit"],
            group_name="scoring",
            kinds={"python", "duckdb"},
            owners=["team:cx-analytics"],
            deps=[dg.AssetKey(["intermediate", "int_orders_for_clv"])],
            description="Fitted parameters and diagnostics of the CLV models.",
        ),
    ],
    pool=DUCKDB_POOL,
)
def customer_lifetime_value(context: dg.AssetExecutionContext):
    cfg = settings()
    with stage(context, "scoring/clv") as record, connect_build(cfg) as con:
        orders = con.sql(
            "select customer_id, order_date, amount, as_of_date from intermediate.int_orders_for_clv"
        ).pl()
        if orders.is_empty():
            raise dg.Failure("no orders up to the as-of date: cannot compute customer value")
        as_of = orders["as_of_date"].max()
        summary = clv.rfm_summary(orders, as_of)
        predictions, params = clv.score_customers(summary, as_of, clv_settings())
        fit = pl.DataFrame(
            params,
            schema={
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
            },
        )
        con.execute("create schema if not exists scoring")
        con.register("predictions_frame", predictions.to_arrow())
        con.register("fit_frame", fit.to_arrow())
        con.execute(
            "create or replace table scoring.clv_customer_predictions as select * from predictions_frame"
        )
        con.execute("create or replace table scoring.clv_fit as select * from fit_frame")
        record.rows_processed = len(predictions)
    method = params[0]["method"]
    if method != "bgnbd_gamma_gamma":
        context.log.warning(f"CLV fell back to {method}: {params[0]['note']}")
    yield dg.MaterializeResult(
        asset_key=["scoring", "clv_customer_predictions"],
        metadata={
            "customers": len(predictions),
            "method": method,
            "as_of": str(as_of),
            "total_clv": round(float(predictions["clv"].sum()), 2),
        },
    )
    yield dg.MaterializeResult(
        asset_key=["scoring", "clv_fit"],
        metadata={
            "parameters": dg.MetadataValue.md(
                markdown_table(fit.select("model", "parameter", "value", "log_likelihood", "converged"), 20)
            )
        },
    )


@dg.asset(
    key=["scoring", "journey_priority"],
    group_name="scoring",
    kinds={"python", "duckdb"},
    owners=["team:cx-analytics"],
    deps=[
        dg.AssetKey(["intermediate", "int_journey_priority_inputs"]),
        dg.AssetKey(["atlas", "atlas_scoring_weights"]),
        dg.AssetKey(["atlas", "atlas_journeys"]),
    ],
    pool=DUCKDB_POOL,
    description="Priority score 0-100 per atlas node and segment from value at risk, customer pain, service "
    "effort, retention potential and reach (weights in seeds/atlas/atlas_scoring_weights.csv), with "
    "rank stability under ±20% weight changes.",
)
def journey_priority(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    cfg = settings()
    with stage(context, "scoring/priority") as record, connect_build(cfg) as con:
        inputs = con.sql("""
            select inputs.*, journeys.level as journey_level
            from intermediate.int_journey_priority_inputs as inputs
            inner join atlas.atlas_journeys as journeys on inputs.journey_node_id = journeys.node_id
        """).pl()
        weights = dict(con.sql("select component, weight from atlas.atlas_scoring_weights").fetchall())
        scored = priority.score(inputs, weights)
        stability = priority.rank_stability(inputs, weights)
        out = scored.join(stability, on=["journey_level", "segment"], how="left").select(
            "journey_node_id",
            "segment",
            "journey_level",
            "priority_score",
            "priority_rank",
            "reach",
            "value_at_stake",
            "value_at_risk",
            "drop_off_rate",
            "negative_share",
            "avg_csat",
            "service_effort_per_person",
            "retention_potential",
            *[f"{c}_component" for c in priority.COMPONENTS],
            "explanation",
            "rank_stability_spearman",
        )
        con.execute("create schema if not exists scoring")
        con.register("priority_frame", out.to_arrow())
        con.execute("create or replace table scoring.journey_priority as select * from priority_frame")
        record.rows_processed = len(out)
    top = out.filter(pl.col("segment") == "all", pl.col("journey_level") == 2).sort("priority_rank")
    return dg.MaterializeResult(
        metadata={
            "rows": len(out),
            "top_high_level_journeys": dg.MetadataValue.md(
                markdown_table(top.select("journey_node_id", "priority_score", "explanation"))
            ),
        }
    )
