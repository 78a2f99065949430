-- Data-quality shares of the behavioural data, one row per check: late events (an event whose export
-- file is dated after the event's own date: it arrived late) and sessions spanning two dates (kept
-- whole, not split at midnight). A share above its threshold sets status 'warn' (a warning asset
-- check in Dagster), it never drops data.
with events as (
    select
        event_date,
        try_cast(regexp_extract(source_file, '(\d{4}-\d{2}-\d{2})', 1) as date) as file_date
    from {{ ref('stg_web__events') }}
),

sessions as (
    select spans_two_dates from {{ ref('fct_sessions') }}
),

checks as (
    select
        'late_events' as check_name,
        'events in an export file dated after the event date' as description,
        cast(sum(case when file_date > event_date then 1 else 0 end) as bigint) as affected,
        count(*) as total,
        cast({{ var('dq_late_event_share_warn') }} as double) as warn_above_share
    from events
    union all
    select
        'sessions_spanning_two_dates' as check_name,
        'sessions that cross midnight (UTC) and are kept as one session' as description,
        cast(sum(case when spans_two_dates then 1 else 0 end) as bigint) as affected,
        count(*) as total,
        cast({{ var('dq_midnight_session_share_warn') }} as double) as warn_above_share
    from sessions
),

shares as (
    select *, {{ safe_divide('affected', 'total') }} as share
    from checks
)

select
    check_name,
    description,
    affected,
    total,
    share,
    warn_above_share,
    case when coalesce(share, 0) > warn_above_share then 'warn' else 'ok' end as status
from shares
