{#- Outcomes as data must be consistent: a node that declares an outcome funnel contains at least one of
    its steps, and a child that contains a step of its parent's outcome funnel declares the same
    outcome (else the parent's drop-offs would not roll up from its children). -#}
{{ config(meta={'dagster': {'ref': {'name': 'int_atlas_nodes'}}}) }}  {#- the asset this check belongs to in Dagster -#}
with nodes as (
    select * from {{ ref('int_atlas_nodes') }}
),

node_funnel_steps as (
    select distinct
        touchpoint_nodes.journey_node_id,
        steps.funnel_id
    from {{ ref('int_atlas_touchpoint_nodes') }} as touchpoint_nodes
    inner join {{ ref('atlas_funnel_steps') }} as steps on touchpoint_nodes.touchpoint_id = steps.touchpoint_id
)

select nodes.journey_node_id, nodes.outcome_funnel_id, 'declares an outcome without any of its steps' as problem
from nodes
where
    nodes.outcome_funnel_id is not null
    and not exists (
        select 1 from node_funnel_steps
        where
            node_funnel_steps.journey_node_id = nodes.journey_node_id
            and node_funnel_steps.funnel_id = nodes.outcome_funnel_id
    )

union all

select
    child.journey_node_id,
    parent.outcome_funnel_id,
    'contains a step of its parent''s outcome but declares another' as problem
from nodes as child
inner join nodes as parent on child.parent_node_id = parent.journey_node_id
inner join node_funnel_steps
    on child.journey_node_id = node_funnel_steps.journey_node_id and parent.outcome_funnel_id = node_funnel_steps.funnel_id
where child.outcome_funnel_id is distinct from parent.outcome_funnel_id
