{#- Lifecycle of the active base per ISO week, as PostHog's lifecycle insight shows it: persons new,
    returning, resurrecting (active) and dormant (lost since the week before; persons_signed counts them
    negative, below the zero line). Statuses from int_person_weekly_lifecycle. Weeks from the first week
    of the clickstream to the week of the as-of date (earlier weeks know only orders and cases). -#}
with statuses as (
    select * from {{ ref('int_person_weekly_lifecycle') }}
),

bounds as (
    select
        {{ iso_week_start('min(first_events.event_date)') }} as first_week,
        {{ iso_week_start('max(priority_window.window_end_date)') }} as last_week
    from {{ ref('int_events_stitched') }} as first_events
    cross join {{ ref('int_priority_window') }} as priority_window
),

counted as (
    select
        statuses.week_start,
        statuses.lifecycle_status,
        count(*) as persons
    from statuses
    cross join bounds
    where statuses.week_start between bounds.first_week and bounds.last_week
    group by statuses.week_start, statuses.lifecycle_status
)

select
    week_start,
    lifecycle_status,
    cast(persons as bigint) as persons,
    cast(case when lifecycle_status = 'dormant' then -persons else persons end as bigint) as persons_signed
from counted
