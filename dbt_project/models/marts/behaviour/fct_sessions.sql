-- One row per session: the device sessions of int_sessions (where engagement, entry/exit, duration,
-- device and traffic are defined; incremental by session_date) with the stitched person and segment
-- applied late, as of the latest data. Identity stitching and segments move after a session was
-- built (a login today re-keys the device's past sessions to the customer, a CRM change moves the
-- segment), so they are not stored in the incremental table: this model joins them on each build, a
-- pass over sessions, not events. The person is what int_events_stitched gives the session's events,
-- the least over them (as a min() over the stitched events would): an event's own customer_id, and for
-- events without one the device's customer from int_identity_map, else the device id.
with sessions as (
    select * from {{ ref('int_sessions') }}
    where session_key is not null  -- int_sessions' empty-day rows are no sessions
),

identity as (
    select anonymous_id, customer_id from {{ ref('int_identity_map') }}
),

segments as (
    select person_key, segment from {{ ref('int_person_segments') }}
),

persons as (
    select
        sessions.*,
        least(
            sessions.event_customer_id,
            case when sessions.has_anonymous_events then coalesce(identity.customer_id, sessions.anonymous_id) end
        ) as person_key,
        least(
            sessions.event_customer_id,
            case when sessions.has_anonymous_events then identity.customer_id end
        ) as customer_id
    from sessions
    left join identity on sessions.anonymous_id = identity.anonymous_id
)

select
    persons.session_key,
    persons.person_key,
    persons.customer_id,
    persons.anonymous_id,
    coalesce(segments.segment, 'anonymous') as segment,
    persons.channel,
    persons.started_at,
    persons.ended_at,
    persons.session_date,
    persons.duration_seconds,
    persons.events,
    persons.page_views,
    persons.has_conversion,
    persons.entry_touchpoint_id,
    persons.exit_touchpoint_id,
    persons.device,
    persons.traffic_source,
    persons.traffic_medium,
    persons.traffic_campaign,
    persons.spans_two_dates,
    persons.is_engaged
from persons
left join segments on persons.person_key = segments.person_key
