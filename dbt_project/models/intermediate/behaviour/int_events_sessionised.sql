-- Events with their stitched person and their session. A session is one device's run of events
-- with no gap longer than var('session_timeout_minutes') (30); it does not end at midnight. Where
-- the export carries a session id (GA4 ga_session_id) a change of that id starts a new session too.
with events as (
    select * from {{ ref('int_events_mapped') }}
),

identity as (
    select * from {{ ref('int_identity_map') }}
),

stitched as (
    select
        events.*,
        coalesce(events.customer_id, identity.customer_id) as stitched_customer_id,
        coalesce(events.customer_id, identity.customer_id, events.anonymous_id) as person_key
    from events
    left join identity on events.anonymous_id = identity.anonymous_id
),

with_previous as (
    select
        *,
        lag(event_at) over (partition by anonymous_id order by event_at, event_id) as previous_event_at,
        lag(session_id) over (partition by anonymous_id order by event_at, event_id) as previous_session_id
    from stitched
),

flagged as (
    select
        *,
        case
            when previous_event_at is null then 1
            when session_id is not null and previous_session_id is not null
                then case when session_id = previous_session_id then 0 else 1 end
            when {{ dbt.datediff('previous_event_at', 'event_at', 'second') }}
                > {{ var('session_timeout_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from with_previous
)

select
    * exclude (previous_event_at, previous_session_id),
    anonymous_id || ':' || cast(
        sum(is_session_start) over (
            partition by anonymous_id order by event_at, event_id rows between unbounded preceding and current row
        ) as {{ dbt.type_string() }}
    ) as session_key
from flagged
