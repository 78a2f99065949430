{#- One rule for rolling up: a node with an outcome drops and risks exactly what its children with an
    outcome drop and risk (each person who did not complete is counted at one step, inside one child).
    Returns the parents whose numbers differ from the sum of their children's. -#}
{{ config(meta={'dagster': {'ref': {'name': 'journey_priority_inputs'}}}) }}  {#- the asset this check belongs to in Dagster -#}
with scores as (
    select * from {{ ref('journey_priority_inputs') }}
),

nodes as (
    select * from {{ ref('int_atlas_nodes') }}
),

children as (
    select
        nodes.parent_node_id,
        scores.segment,
        sum(scores.dropped) as children_dropped,
        sum(scores.value_at_risk) as children_value_at_risk
    from scores
    inner join nodes on scores.journey_node_id = nodes.journey_node_id
    where scores.has_outcome
    group by nodes.parent_node_id, scores.segment
)

select
    scores.journey_node_id,
    scores.segment,
    scores.dropped,
    children.children_dropped,
    scores.value_at_risk,
    children.children_value_at_risk
from scores
inner join children on scores.journey_node_id = children.parent_node_id and scores.segment = children.segment
where
    scores.has_outcome
    and (
        scores.dropped <> children.children_dropped
        or abs(scores.value_at_risk - children.children_value_at_risk) > 0.01
    )
