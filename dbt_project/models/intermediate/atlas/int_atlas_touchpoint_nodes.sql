-- One row per touchpoint and atlas node it lies under (its micro-journey, sub-journey, high-level
-- journey and lifecycle phase): how touchpoint facts roll up to every level of the atlas.
with touchpoints as (
    select * from {{ ref('int_atlas_touchpoints') }}
)

select touchpoint_id, micro_journey_id as journey_node_id from touchpoints
union all
select touchpoint_id, sub_journey_id as journey_node_id from touchpoints
union all
select touchpoint_id, high_level_journey_id as journey_node_id from touchpoints
union all
select touchpoint_id, lifecycle_phase_id as journey_node_id from touchpoints
