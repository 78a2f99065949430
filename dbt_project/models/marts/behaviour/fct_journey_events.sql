-- One row per event that maps to an atlas touchpoint: the paths behind every funnel.
with events as (
    select * from {{ ref('int_events_stitched') }}
),

touchpoints as (
    select * from {{ ref('dim_touchpoints') }}
),

segments as (
    select person_key, segment from {{ ref('int_person_segments') }}
)

select
    events.event_id,
    events.person_key,
    events.stitched_customer_id as customer_id,
    events.anonymous_id,
    events.stitched_customer_id is not null as is_known_customer,
    segments.segment,
    events.event_at as occurred_at,
    events.event_date,
    events.session_key,
    events.channel,
    events.event_name,
    events.page_path,
    events.dwell_seconds,
    events.touchpoint_id,
    touchpoints.step_order as step_number,
    touchpoints.micro_journey_id,
    touchpoints.sub_journey_id,
    touchpoints.high_level_journey_id,
    touchpoints.lifecycle_phase_id
from events
inner join touchpoints on events.touchpoint_id = touchpoints.touchpoint_id
left join segments on events.person_key = segments.person_key
