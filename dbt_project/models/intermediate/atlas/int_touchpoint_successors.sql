-- The touchpoints that count as moving on from a touchpoint (progression): the next step of every
-- funnel the touchpoint is a step of, and the next steps the atlas declares
-- (seeds/atlas/atlas_touchpoint_successors.csv).
with funnel_steps as (
    select * from {{ ref('atlas_funnel_steps') }}
),

declared as (
    select touchpoint_id, successor_touchpoint_id from {{ ref('atlas_touchpoint_successors') }}
),

funnel_successors as (
    select
        here.touchpoint_id,
        next_step.touchpoint_id as successor_touchpoint_id
    from funnel_steps as here
    inner join funnel_steps as next_step
        on here.funnel_id = next_step.funnel_id and next_step.step_number = here.step_number + 1
)

select distinct touchpoint_id, successor_touchpoint_id
from (
    select * from declared
    union all
    select * from funnel_successors
) as successors
