{#- The funnel steps that lie inside each atlas node with an outcome: the steps of the node's outcome
    funnel whose touchpoint belongs to the node (itself or a descendant). A person who stopped at one of
    these steps dropped out inside this node; a node enters at its first such step. -#}
with nodes as (
    select journey_node_id, outcome_funnel_id from {{ ref('int_atlas_nodes') }}
    where outcome_funnel_id is not null
),

touchpoint_nodes as (
    select * from {{ ref('int_atlas_touchpoint_nodes') }}
),

steps as (
    select * from {{ ref('atlas_funnel_steps') }}
),

node_steps as (
    select
        nodes.journey_node_id,
        nodes.outcome_funnel_id as funnel_id,
        steps.step_number
    from nodes
    inner join touchpoint_nodes on nodes.journey_node_id = touchpoint_nodes.journey_node_id
    inner join steps
        on nodes.outcome_funnel_id = steps.funnel_id and touchpoint_nodes.touchpoint_id = steps.touchpoint_id
)

select
    journey_node_id,
    funnel_id,
    step_number,
    min(step_number) over (partition by journey_node_id) as node_first_step_number
from node_steps
