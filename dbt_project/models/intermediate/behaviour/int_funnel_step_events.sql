-- Events that are a step of some funnel, with the step's limit on the time since the previous step
-- (atlas_funnel_steps.max_seconds_from_previous, null = only the funnel's window). In strict-order
-- funnels each is numbered per person and funnel in the order windowFunnel reads them (funnel_seq: time,
-- then step number, then event id); ordinary funnels do not need the number, and leaving it out spares a
-- sort of every step event.
with journey_events as (
    select person_key, event_id, event_at as occurred_at, channel, touchpoint_id
    from {{ ref('int_events_stitched') }}
    where touchpoint_id is not null
),

steps as (
    select * from {{ ref('atlas_funnel_steps') }}
),

funnels as (
    select funnel_id, strict_order from {{ ref('atlas_funnels') }}
),

step_events as (
    select
        journey_events.person_key,
        journey_events.event_id,
        journey_events.occurred_at,
        journey_events.channel,
        steps.funnel_id,
        steps.step_number,
        steps.max_seconds_from_previous,
        funnels.strict_order
    from journey_events
    inner join steps on journey_events.touchpoint_id = steps.touchpoint_id
    inner join funnels on steps.funnel_id = funnels.funnel_id
)

select
    {{ star_except(['strict_order']) }},
    cast(null as bigint) as funnel_seq
from step_events
where not strict_order

union all  -- the same columns in the same order

select
    {{ star_except(['strict_order']) }},
    row_number() over (
        partition by person_key, funnel_id order by occurred_at, step_number, event_id
    ) as funnel_seq
from step_events
where strict_order
