-- One row per touchpoint with its place in the atlas. The touchpoints that count as moving on from
-- it (progression) are in atlas.atlas_touchpoint_successors and the funnels' step order.
select * from {{ ref('int_atlas_touchpoints') }}
