-- Every atlas node with the ids of its ancestors at each level and the outcome that counts as success
-- (the last step of outcome_funnel_id; empty = no outcome defined, so no drop-off and no value at risk).
with nodes as (
    select * from {{ ref('atlas_journeys') }}
),

funnels as (
    select * from {{ ref('atlas_funnels') }}
),

last_steps as (
    select
        funnel_id,
        max(step_number) as last_step_number
    from {{ ref('atlas_funnel_steps') }}
    group by funnel_id
),

last_step_touchpoints as (
    select
        steps.funnel_id,
        steps.touchpoint_id as outcome_touchpoint_id,
        last_steps.last_step_number
    from {{ ref('atlas_funnel_steps') }} as steps
    inner join last_steps
        on steps.funnel_id = last_steps.funnel_id and steps.step_number = last_steps.last_step_number
)

select
    nodes.node_id as journey_node_id,
    nodes.level as journey_level,
    nodes.level_name as journey_level_name,
    nodes.parent_id as parent_node_id,
    nodes.name_en,
    nodes.name_de,
    nodes.sort_order,
    case when nodes.level >= 1 then split_part(nodes.node_id, '.', 1) end as lifecycle_phase_id,
    case
        when nodes.level >= 2 then split_part(nodes.node_id, '.', 1) || '.' || split_part(nodes.node_id, '.', 2)
    end as high_level_journey_id,
    case
        when nodes.level >= 3
            then split_part(nodes.node_id, '.', 1) || '.' || split_part(nodes.node_id, '.', 2)
            || '.' || split_part(nodes.node_id, '.', 3)
    end as sub_journey_id,
    case when nodes.level = 4 then nodes.node_id end as micro_journey_id,
    nullif(trim(nodes.outcome_funnel_id), '') as outcome_funnel_id,
    last_step_touchpoints.outcome_touchpoint_id,
    last_step_touchpoints.last_step_number as outcome_step_number,
    funnels.window_seconds as outcome_window_seconds
from nodes
left join funnels on nullif(trim(nodes.outcome_funnel_id), '') = funnels.funnel_id
left join last_step_touchpoints on funnels.funnel_id = last_step_touchpoints.funnel_id
