-- One row per session. Engaged (GA4's definition): longer than var('engaged_min_seconds') (10 s),
-- or a conversion event, or at least two page views. Entry and exit are the session's first and last
-- event in (event_at, event_id) order, taken in the same aggregation (macros value_at_min / value_at_max keep
-- a null touchpoint of that event as null, as a first/last event without a touchpoint has none).
-- Device, traffic source, medium and campaign are the session's entry values: the device of its first
-- event; source, medium and campaign of its first event that carries any (macro event_traffic_field:
-- UTM parameters of the landing URL, else GA4's traffic_source), '(none)' where no event does.
with events as (
    select * from {{ ref('int_events_stitched') }}
),

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
            {{ event_traffic_field('page_path', 'properties', 'campaign') }} as traffic_campaign
        from events
    ) as traffic
),

segments as (
    select person_key, segment from {{ ref('int_person_segments') }}
),

sessions as (
    select
        session_key,
        min(anonymous_id) as anonymous_id,
        min(person_key) as person_key,
        min(stitched_customer_id) as customer_id,
        min(event_at) as started_at,
        max(event_at) as ended_at,
        count(*) as events,
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
)

select
    sessions.session_key,
    sessions.person_key,
    sessions.customer_id,
    sessions.anonymous_id,
    coalesce(segments.segment, 'anonymous') as segment,
    sessions.channel,
    sessions.started_at,
    sessions.ended_at,
    cast(sessions.started_at as date) as session_date,
    {{ dbt.datediff('sessions.started_at', 'sessions.ended_at', 'second') }}
    + sessions.last_dwell_seconds as duration_seconds,
    sessions.events,
    sessions.page_views,
    sessions.has_conversion = 1 as has_conversion,
    sessions.entry_touchpoint_id,
    sessions.exit_touchpoint_id,
    sessions.device,
    coalesce(sessions.traffic_source, '(none)') as traffic_source,
    coalesce(sessions.traffic_medium, '(none)') as traffic_medium,
    coalesce(sessions.traffic_campaign, '(none)') as traffic_campaign,
    cast(sessions.started_at as date) <> cast(sessions.ended_at as date) as spans_two_dates,
    (
        {{ dbt.datediff('sessions.started_at', 'sessions.ended_at', 'second') }} + sessions.last_dwell_seconds
        > {{ var('engaged_min_seconds') }}
        or sessions.has_conversion = 1
        or sessions.page_views >= 2
    ) as is_engaged
from sessions
left join segments on sessions.person_key = segments.person_key
