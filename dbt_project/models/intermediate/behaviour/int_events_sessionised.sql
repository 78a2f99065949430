-- Events with their device session. A session is one device's run of events with no gap longer
-- than var('session_timeout_minutes') (30); it does not end at midnight. Where the export carries a
-- session id (GA4 ga_session_id) a change of that id starts a new session too. The session key is the
-- device and the session's first event, so it does not change when later days are added.
-- Incremental by event_date: a run rebuilds the days from incremental_start() on, reading one day
-- more as context so that a session that began the evening before keeps its key. (A single session
-- longer than that day of context would be split at the window; at a 30-minute timeout it needs
-- events at least every half hour around the clock.) Earlier days whose events changed (changed_days:
-- events older than the lookback, which int_events_mapped has restated) are rebuilt too, each with
-- the day after it (a late event before midnight can start the session that day's first events belong
-- to) and the day before it as context. Identity stitching is applied downstream
-- (int_events_stitched), because a login today re-assigns a device's past events. Each row carries
-- sessionised_at, when the run that wrote it started: the days a night wrote are what fct_journey_events
-- restates (restated_journey_event_days).
{{ config(materialized='incremental', on_schema_change='fail', **replace_by('event_date')) }}

{%- if is_incremental() %}

with changed as (
    {{ changed_days(ref('int_events_mapped'), incremental_start()) }}
),

restated_days as (
    select event_date from changed
    union
    select cast(event_date + interval 1 day as date) as event_date from changed
),

events as (
    select * from {{ ref('int_events_mapped') }}
    where
        event_date >= {{ incremental_start() }} - interval 1 day
        or event_date in (select restated_days.event_date from restated_days)
        or event_date in (select cast(restated_days.event_date - interval 1 day as date) from restated_days)
),
{%- else %}

with events as (
    select * from {{ ref('int_events_mapped') }}
),
{%- endif %}

flagged as (
    select
        *,
        case
            when lag(event_at) over device_order is null then 1
            when session_id is not null and lag(session_id) over device_order is not null
                then case when session_id = lag(session_id) over device_order then 0 else 1 end
            when {{ dbt.datediff('lag(event_at) over device_order', 'event_at', 'second') }}
                > {{ var('session_timeout_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from events
    window device_order as (partition by anonymous_id order by event_at, event_id)
),

keyed as (
    -- the session's first event is the latest session start up to this event: one more pass over
    -- the device's events in the same order (no second partitioning by a session number)
    select
        *,
        anonymous_id || ':' || {{ last_value_ignore_nulls('case when is_session_start = 1 then event_id end') }} over (
            partition by anonymous_id order by event_at, event_id rows between unbounded preceding and current row
        ) as session_key
    from flagged
)

select
    *,
    {{ run_started_timestamp() }} as sessionised_at
from keyed
{%- if is_incremental() %}
where
    event_date >= {{ incremental_start() }}
    or event_date in (select restated_days.event_date from restated_days)
{%- endif %}
