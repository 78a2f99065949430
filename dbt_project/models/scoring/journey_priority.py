# Journey priority scores with rank stability (pipeline/value/priority.py), weights from the atlas.
from pipeline.value.scoring import journey_priority_from_atlas


def model(dbt, session):
    dbt.config(materialized="table")
    return journey_priority_from_atlas(
        dbt.ref("journey_priority_inputs").pl(),
        dbt.ref("atlas_journeys").pl(),
        dbt.ref("atlas_scoring_weights").pl(),
    ).to_arrow()
