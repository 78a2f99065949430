-- Events that are a step of some funnel, numbered per person and funnel in time order
-- (funnel_seq drives strict-order mode: the next funnel event must be the next step).
with journey_events as (
    select * from {{ ref('fct_journey_events') }}
),

steps as (
    select * from {{ ref('atlas_funnel_steps') }}
)

select
    journey_events.person_key,
    journey_events.event_id,
    journey_events.occurred_at,
    journey_events.channel,
    steps.funnel_id,
    steps.step_number,
    row_number() over (
        partition by journey_events.person_key, steps.funnel_id
        order by journey_events.occurred_at, journey_events.event_id
    ) as funnel_seq
from journey_events
inner join steps on journey_events.touchpoint_id = steps.touchpoint_id
