# Journey priority scores with rank stability (pipeline/value/priority.py), weights from the atlas.
import polars as pl

from pipeline.value.scoring import journey_priority


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = dbt.ref("journey_priority_inputs").pl()
    levels = dbt.ref("atlas_journeys").pl().select(
        pl.col("node_id").alias("journey_node_id"), pl.col("level").alias("journey_level")
    )
    weights = dict(dbt.ref("atlas_scoring_weights").pl().select("component", "weight").iter_rows())
    return journey_priority(inputs.join(levels, on="journey_node_id", how="inner"), weights).to_arrow()
