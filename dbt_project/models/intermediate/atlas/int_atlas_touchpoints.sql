-- Every touchpoint with its place in the atlas: micro-journey, sub-journey, high-level journey and
-- lifecycle phase.
with touchpoints as (
    select * from {{ ref('atlas_touchpoints') }}
),

nodes as (
    select * from {{ ref('int_atlas_nodes') }}
)

select
    touchpoints.touchpoint_id,
    touchpoints.name_en,
    touchpoints.name_de,
    touchpoints.default_channel,
    touchpoints.step_order,
    nodes.lifecycle_phase_id,
    nodes.high_level_journey_id,
    nodes.sub_journey_id,
    nodes.micro_journey_id
from touchpoints
inner join nodes on touchpoints.micro_journey_id = nodes.journey_node_id
