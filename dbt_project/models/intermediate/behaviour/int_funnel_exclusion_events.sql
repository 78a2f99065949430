-- Events that exclude a funnel attempt (atlas_funnel_exclusions): an event of the exclusion's touchpoint
-- between step after_step_number and the next step removes the attempt (see int_funnel_chains).
with journey_events as (
    select person_key, event_id, event_at as occurred_at, touchpoint_id
    from {{ ref('int_events_stitched') }}
    where touchpoint_id is not null
),

exclusions as (
    select * from {{ ref('atlas_funnel_exclusions') }}
)

select
    journey_events.person_key,
    journey_events.event_id,
    journey_events.occurred_at,
    exclusions.funnel_id,
    exclusions.after_step_number,
    exclusions.touchpoint_id
from journey_events
inner join exclusions on journey_events.touchpoint_id = exclusions.touchpoint_id
