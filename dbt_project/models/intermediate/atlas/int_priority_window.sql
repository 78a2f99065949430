-- The period the journey priority looks at: the last var('priority_window_days') days up to the run's
-- as-of date (JOURNEY_AS_OF, else the latest event date). One row.
with latest as (
    select max(event_date) as event_date from {{ ref('int_events_sessionised') }}
),

window_end as (
    select {{ as_of_date('latest.event_date') }} as window_end_date from latest
)

select
    cast({{ dbt.dateadd('day', 1 - var('priority_window_days'), 'window_end_date') }} as date) as window_start_date,
    window_end_date
from window_end
