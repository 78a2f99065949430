-- Every touch of a stitched person that maps to an atlas touchpoint, on any channel and device:
-- clickstream events (web, app, store, phone, chat, e-mail) and CRM service cases recorded with a
-- touchpoint (a case's person is its customer, the person key of every known customer). The steps the
-- path analysis (int_journey_path_sequences) strings together.
with events as (
    select
        person_key,
        event_at as occurred_at,
        event_id as touch_id,
        touchpoint_id,
        channel,
        'event' as touch_source
    from {{ ref('int_events_stitched') }}
    where touchpoint_id is not null
),

cases as (
    select
        customer_id as person_key,
        opened_at as occurred_at,
        case_id as touch_id,
        touchpoint_id,
        channel,
        'case' as touch_source
    from {{ ref('int_service_cases') }}
    where customer_id is not null and touchpoint_id is not null
)

select * from events
union all
select * from cases
