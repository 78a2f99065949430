-- One row per event that maps to an atlas touchpoint: the paths behind every funnel.
-- Incremental by event (DuckDB: rows merged by event_id; Spark, without a merge: a table rebuilt each
-- run). A night writes
--   * the days int_events_sessionised wrote since this model last read it (macro
--     restated_journey_event_days: the window, and every earlier day it restated — a late event, a
--     re-delivered copy, a session that now starts earlier — whatever changed on that day); their stored
--     rows are deleted first (the pre-hook), so an event that no longer reaches the mart leaves it;
--   * every event of a device whose identity was found on one of those days (int_identity_map: a login
--     today re-assigns the device's months-old events to the customer, and to the customer's segment);
--   * every event of a known customer whose segment moved (stored segment vs int_person_segments).
-- Nothing else about an event can change without a full refresh: an edited atlas or model, or a raw file
-- ingested again, restates everything (pipeline/incremental_inputs.py). A night equals a full rebuild
-- (tests/test_incremental_marts.py).
{{ config(on_schema_change='fail', pre_hook="{{ delete_restated_journey_events() }}", **merge_by('event_id')) }}
-- read only by a night (the incremental branch and its pre-hook):
-- depends_on: {{ ref('int_events_sessionised') }}
-- depends_on: {{ ref('int_identity_map') }}

with touchpoints as (
    select * from {{ ref('dim_touchpoints') }}
),

segments as (
    select person_key, segment from {{ ref('int_person_segments') }}
),

{%- if is_incremental() %}

restated_days as (
    {{ restated_journey_event_days() }}
),

-- devices whose first identified event lies on a restated day: every event of theirs, of any day
rekeyed_devices as (
    select identity.anonymous_id
    from {{ ref('int_identity_map') }} as identity
    where cast(identity.identified_at as date) in (select restated_days.event_date from restated_days)
),

-- known customers stored with another segment than they have now
moved_customers as (
    select stored.customer_id
    from (
        select
            customer_id,
            segment
        from {{ this }}
        where customer_id is not null
        group by customer_id, segment
    ) as stored
    left join segments on stored.customer_id = segments.person_key
    where stored.segment is distinct from segments.segment
),

events as (
    select * from {{ ref('int_events_stitched') }}
    where
        event_date in (select restated_days.event_date from restated_days)
        or anonymous_id in (select rekeyed_devices.anonymous_id from rekeyed_devices)
        or stitched_customer_id in (select moved_customers.customer_id from moved_customers)
)
{%- else %}

events as (
    select * from {{ ref('int_events_stitched') }}
)
{%- endif %}

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
    touchpoints.lifecycle_phase_id,
    events.sessionised_at
from events
inner join touchpoints on events.touchpoint_id = touchpoints.touchpoint_id
left join segments on events.person_key = segments.person_key
