-- Every touch of a stitched person that maps to an atlas touchpoint, on any channel and device:
-- clickstream events (web, app, store, phone, chat, e-mail) and CRM service cases recorded with a
-- touchpoint (a case's person is its customer, the person key of every known customer). The steps the
-- path analysis (int_journey_path_sequences) strings together.
-- Only the touches a path can reach: from var('path_window_days') + 1 days before the priority window
-- (int_priority_window) on. Anchors lie in that window and a path reaches path_window_days back from its
-- anchor; the step counts of int_journey_touch_steps only ever compare touches of this time suffix of a
-- person's touches (one day of margin), so the paths are the same as from all touches, and a 365-day
-- history reads about a quarter of its touches (docs/benchmarks.md).
with reachable as (
    select cast({{ dbt.dateadd('day', -(var('path_window_days') + 1), 'window_start_date') }} as date) as first_date
    from {{ ref('int_priority_window') }}
),

events as (
    select
        person_key,
        event_at as occurred_at,
        event_id as touch_id,
        touchpoint_id,
        channel,
        'event' as touch_source
    from {{ ref('int_events_stitched') }}
    where touchpoint_id is not null and event_date >= (select reachable.first_date from reachable)
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
    where
        customer_id is not null and touchpoint_id is not null
        and cast(opened_at as date) >= (select reachable.first_date from reachable)
)

select * from events
union all
select * from cases
