-- One row per device session, with everything fct_sessions shows that only the session's own events
-- decide: no stitched person and no segment, which move after the session (a login today re-keys a
-- device's past sessions, a CRM change moves a customer's segment). fct_sessions adds those late, from
-- the session's own customer ids kept here (event_customer_id, has_anonymous_events), int_identity_map
-- and int_person_segments, so a stored row never needs restating because identity or segments moved.
-- Engaged (GA4's definition): longer than var('engaged_min_seconds') (10 s), or a conversion event, or
-- at least two page views. Entry and exit are the session's first and last event in
-- (event_at, event_id) order, taken in the same aggregation (macros value_at_min / value_at_max keep a
-- null touchpoint of that event as null, as a first/last event without a touchpoint has none).
-- Device, traffic source, medium and campaign are the session's entry values: the device of its first
-- event; source, medium and campaign of its first event that carries any (macro event_traffic_field:
-- UTM parameters of the landing URL, else GA4's traffic_source), '(none)' where no event does.
--
-- Incremental by session_date (replace_by: delete+insert on DuckDB, insert_overwrite on Spark): a run
-- restates the sessions that began from the day before incremental_start('session_date') on (a session
-- of that evening can hold events of the first day int_events_sessionised restated), and those of
-- every earlier day whose events changed, with the day before and after it (a late event can join the
-- session of the evening before, or start before midnight the session that held the next day's first
-- events). An earlier day changed when int_events_sessionised's events or session starts of that day
-- differ from what the stored sessions hold (events per day: a session's events on its start date,
-- and later_day_events on the next). A restated day's sessions are read from its events and the next
-- day's: like int_events_sessionised, a session is assumed to span at most two dates.
-- replace_by replaces only the days present in the new rows, so a restated day that ends with no session
-- at all (e.g. a day whose only session a late event moved back over midnight into the day before)
-- would keep its stored sessions: for each such day the run writes one empty-day row instead (no
-- session_key, no events, only session_date), which replaces them. Empty-day rows are no sessions:
-- fct_sessions and the comparison of stored days leave them out (where session_key is not null).
{{ config(materialized='incremental', on_schema_change='fail', **replace_by('session_date')) }}

{%- set first_day %}cast({{ incremental_start('session_date') }} - interval 1 day as date){% endset %}

{%- if is_incremental() %}

with upstream_days as (
    select
        event_date,
        count(*) as events,
        cast(sum(is_session_start) as bigint) as sessions
    from {{ ref('int_events_sessionised') }}
    where event_date < {{ first_day }}
    group by event_date
),

stored_sessions as (
    select
        session_date,
        events,
        later_day_events
    from {{ this }}
    where session_date < {{ first_day }} and session_key is not null
),

stored_days as (
    select
        event_date,
        sum(events) as events,
        sum(sessions) as sessions
    from (
        select
            session_date as event_date,
            events - later_day_events as events,
            1 as sessions
        from stored_sessions
        union all
        select
            cast(session_date + interval 1 day as date) as event_date,
            later_day_events as events,
            0 as sessions
        from stored_sessions
        where later_day_events > 0
    ) as parts
    where event_date < {{ first_day }}
    group by event_date
),

changed as (
    select coalesce(upstream_days.event_date, stored_days.event_date) as event_date
    from upstream_days
    full outer join stored_days on upstream_days.event_date = stored_days.event_date
    where
        upstream_days.events is distinct from stored_days.events
        or upstream_days.sessions is distinct from stored_days.sessions
),

restated_days as (
    select cast(event_date - interval 1 day as date) as event_date from changed
    union
    select event_date from changed
    union
    select cast(event_date + interval 1 day as date) as event_date from changed
),

-- the stored days of sessions this run restates (each is replaced by the new rows of its day)
stored_restated_days as (
    select distinct session_date
    from {{ this }}
    where
        session_key is not null
        and (
            session_date >= {{ first_day }}
            or session_date in (select restated_days.event_date from restated_days)
        )
),

events as (
    select * from {{ ref('int_events_sessionised') }}
    where
        event_date >= {{ first_day }}
        or event_date in (select restated_days.event_date from restated_days)
        or event_date in (select cast(restated_days.event_date + interval 1 day as date) from restated_days)
),
{%- else %}

with events as (
    select * from {{ ref('int_events_sessionised') }}
),
{%- endif %}

-- the traffic information each event carries; traffic_order is null for events without any, so that
-- the session's source, medium and campaign all come from its first event that has one of them
events_with_traffic as (
    select
        *,
        case
            when coalesce(traffic_source, traffic_medium, traffic_campaign) is not null then {{ order_tuple(['event_at', 'event_id']) }}
        end as traffic_order
    from (
        select
            *,
            {{ event_traffic_field('page_path', 'properties', 'source') }} as traffic_source,
            {{ event_traffic_field('page_path', 'properties', 'medium') }} as traffic_medium,
            {{ event_traffic_field('page_path', 'properties', 'campaign') }} as traffic_campaign,
            {{ dbt.datediff("cast('1970-01-01' as date)", 'event_date', 'day') }} as event_day_number
        from events
    ) as traffic
),

sessions as (
    select
        session_key,
        min(anonymous_id) as anonymous_id,
        min(customer_id) as event_customer_id,
        max(case when customer_id is null then 1 else 0 end) as has_anonymous_events,
        max(is_session_start) as has_start_event,
        min(event_at) as started_at,
        max(event_at) as ended_at,
        count(*) as events,
        -- a session on two consecutive dates: its events on the later one
        sum(event_day_number) - count(*) * min(event_day_number) as later_day_events,
        cast(sum(case when event_name = 'page_view' then 1 else 0 end) as bigint) as page_views,
        max(case when event_name in ('purchase', 'sign_up', 'coupon_redeemed') then 1 else 0 end) as has_conversion,
        {{ value_at_min('channel', ['event_at', 'event_id']) }} as channel,
        {{ value_at_min('touchpoint_id', ['event_at', 'event_id']) }} as entry_touchpoint_id,
        {{ value_at_max('touchpoint_id', ['event_at', 'event_id']) }} as exit_touchpoint_id,
        coalesce({{ value_at_max('dwell_seconds', ['event_at', 'event_id']) }}, 0) as last_dwell_seconds,
        {{ value_at_min('device', ['event_at', 'event_id']) }} as device,
        {{ value_at_min('traffic_source', 'traffic_order') }} as traffic_source,
        {{ value_at_min('traffic_medium', 'traffic_order') }} as traffic_medium,
        {{ value_at_min('traffic_campaign', 'traffic_order') }} as traffic_campaign
    from events_with_traffic
    group by session_key
),

new_sessions as (
    select
        session_key,
        anonymous_id,
        event_customer_id,
        has_anonymous_events = 1 as has_anonymous_events,
        channel,
        started_at,
        ended_at,
        cast(started_at as date) as session_date,
        {{ dbt.datediff('started_at', 'ended_at', 'second') }} + last_dwell_seconds as duration_seconds,
        events,
        cast(later_day_events as bigint) as later_day_events,
        page_views,
        has_conversion = 1 as has_conversion,
        entry_touchpoint_id,
        exit_touchpoint_id,
        device,
        coalesce(traffic_source, '(none)') as traffic_source,
        coalesce(traffic_medium, '(none)') as traffic_medium,
        coalesce(traffic_campaign, '(none)') as traffic_campaign,
        cast(started_at as date) <> cast(ended_at as date) as spans_two_dates,
        (
            {{ dbt.datediff('started_at', 'ended_at', 'second') }} + last_dwell_seconds > {{ var('engaged_min_seconds') }}
            or has_conversion = 1
            or page_views >= 2
        ) as is_engaged
    from sessions
    {%- if is_incremental() %}
    -- sessions whose first event was read (a session that began the day before a restated day is not
    -- complete here) and that began on a restated day
    where
        has_start_event = 1
        and (
            cast(started_at as date) >= {{ first_day }}
            or cast(started_at as date) in (select restated_days.event_date from restated_days)
        )
    {%- endif %}
)

select * from new_sessions
{%- if is_incremental() %}
union all
-- an empty-day row for every stored day this run restates that has no session now
select
    null as session_key,
    null as anonymous_id,
    null as event_customer_id,
    null as has_anonymous_events,
    null as channel,
    null as started_at,
    null as ended_at,
    stored_restated_days.session_date,
    null as duration_seconds,
    0 as events,
    0 as later_day_events,
    null as page_views,
    null as has_conversion,
    null as entry_touchpoint_id,
    null as exit_touchpoint_id,
    null as device,
    null as traffic_source,
    null as traffic_medium,
    null as traffic_campaign,
    null as spans_two_dates,
    null as is_engaged
from stored_restated_days
where stored_restated_days.session_date not in (select new_sessions.session_date from new_sessions)
{%- endif %}
