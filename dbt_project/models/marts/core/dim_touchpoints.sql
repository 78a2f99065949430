-- One row per touchpoint with its place in the atlas and the touchpoint that follows it in its
-- high-level journey (used for the progression rate).
with touchpoints as (
    select * from {{ ref('atlas_touchpoints') }}
),

journeys as (
    select * from {{ ref('dim_journeys') }}
),

placed as (
    select
        touchpoints.touchpoint_id,
        touchpoints.name_en,
        touchpoints.name_de,
        touchpoints.default_channel,
        touchpoints.step_order,
        journeys.lifecycle_phase_id,
        journeys.high_level_journey_id,
        journeys.sub_journey_id,
        journeys.micro_journey_id
    from touchpoints
    inner join journeys on touchpoints.micro_journey_id = journeys.journey_node_id
)

select
    *,
    lead(touchpoint_id) over (partition by high_level_journey_id order by step_order) as next_touchpoint_id
from placed
