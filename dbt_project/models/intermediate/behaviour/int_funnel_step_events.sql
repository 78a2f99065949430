-- Events that are a step of some funnel, with the step's limit on the time since the previous step
-- (atlas_funnel_steps.max_seconds_from_previous, null = only the funnel's window).
with journey_events as (
    select person_key, event_id, event_at as occurred_at, channel, touchpoint_id
    from {{ ref('int_events_stitched') }}
    where touchpoint_id is not null
),

steps as (
    select * from {{ ref('atlas_funnel_steps') }}
),

funnels as (
    select funnel_id from {{ ref('atlas_funnels') }}
),

step_events as (
    select
        journey_events.person_key,
        journey_events.event_id,
        journey_events.occurred_at,
        journey_events.channel,
        steps.funnel_id,
        steps.step_number,
        steps.max_seconds_from_previous
    from journey_events
    inner join steps on journey_events.touchpoint_id = steps.touchpoint_id
    inner join funnels on steps.funnel_id = funnels.funnel_id
)

select * from step_events
