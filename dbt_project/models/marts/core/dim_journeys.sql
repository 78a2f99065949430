-- The journey atlas as one row per node, with its full path (phase > journey > sub-journey > micro)
-- and what counts as its outcome.
with nodes as (
    select * from {{ ref('int_atlas_nodes') }}
),

touchpoints as (
    select touchpoint_id, name_en from {{ ref('atlas_touchpoints') }}
),

funnels as (
    select funnel_id, name_en from {{ ref('atlas_funnels') }}
)

select
    nodes.journey_node_id,
    nodes.journey_level,
    nodes.journey_level_name,
    nodes.parent_node_id,
    nodes.name_en,
    nodes.name_de,
    nodes.sort_order,
    nodes.lifecycle_phase_id,
    nodes.high_level_journey_id,
    nodes.sub_journey_id,
    nodes.micro_journey_id,
    nodes.outcome_funnel_id,
    nodes.outcome_touchpoint_id,
    case
        when nodes.outcome_funnel_id is null then 'no outcome defined (no drop-off, no value at risk)'
        else
            -- chr(39), the apostrophe: Spark reads '' inside a literal as two adjacent literals, not a quote
            'reaches ' || chr(39) || touchpoints.name_en || chr(39) || ' (last step of the funnel ' || chr(39)
            || funnels.name_en || chr(39) || ') within ' || cast(nodes.outcome_window_seconds / 3600 as bigint)
            || ' h of its first step'
    end as outcome_description
from nodes
left join touchpoints on nodes.outcome_touchpoint_id = touchpoints.touchpoint_id
left join funnels on nodes.outcome_funnel_id = funnels.funnel_id
