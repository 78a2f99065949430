-- Late events, counted per export file and event day: events whose export file is dated after the
-- event's own date (the day in the file's name, macro file_date; undated files are not counted).
-- Those more than var('incremental_lookback_days') days late lie before the days a night rebuilds
-- anyway: the incremental event models restate their days (macro changed_days) rather than leave them
-- out. events_in_warehouse counts the same events in int_events_sessionised, the input of every
-- behaviour mart; a data test requires it to equal late_events: no late event is silently lost.
with files_and_days as (
    select
        source_file,
        event_date,
        count(*) as events
    from {{ ref('stg_web__events') }}
    group by source_file, event_date
),

late as (
    select * from (
        select
            source_file,
            {{ file_date('source_file') }} as file_date,
            event_date,
            events
        from files_and_days
    ) as dated
    where file_date > event_date
),

in_warehouse as (
    select
        sessionised.source_file,
        sessionised.event_date,
        count(*) as events
    from {{ ref('int_events_sessionised') }} as sessionised
    inner join late
        on sessionised.source_file = late.source_file and sessionised.event_date = late.event_date
    group by sessionised.source_file, sessionised.event_date
)

select
    late.source_file,
    late.file_date,
    late.event_date,
    {{ dbt.datediff('late.event_date', 'late.file_date', 'day') }} as days_late,
    {{ dbt.datediff('late.event_date', 'late.file_date', 'day') }}
    > {{ var('incremental_lookback_days') }} as beyond_lookback,
    late.events as late_events,
    coalesce(in_warehouse.events, 0) as events_in_warehouse
from late
left join in_warehouse
    on late.source_file = in_warehouse.source_file and late.event_date = in_warehouse.event_date
