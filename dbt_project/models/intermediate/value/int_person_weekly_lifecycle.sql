{#- Lifecycle status of every person per ISO week (PostHog's lifecycle definitions). A person is
    active in a week with any activity: a clickstream event (any channel or device of the stitched
    person), an order (up to the as-of date) or a service case.
    * new: active, and this week holds their first activity ever (the orders go back years before the
      clickstream, so a customer who bought before is never new);
    * returning: active this week and the week before;
    * resurrecting: active this week, not the week before, but active some time earlier;
    * dormant: active the week before and not this week (a row in the week they are missing).
    One row per person and week with a status. -#}
with activity as (
    select person_key, {{ iso_week_start('event_date') }} as week_start
    from {{ ref('int_events_stitched') }}
    union
    select customer_id as person_key, {{ iso_week_start('order_date') }} as week_start
    from {{ ref('int_orders_for_clv') }}
    where customer_id is not null
    union
    select customer_id as person_key, {{ iso_week_start('opened_at') }} as week_start
    from {{ ref('int_service_cases') }}
    where customer_id is not null
),

with_neighbours as (
    select
        activity.person_key,
        activity.week_start,
        min(activity.week_start) over (partition by activity.person_key) as first_week,
        lag(activity.week_start) over (partition by activity.person_key order by activity.week_start) as previous_week,
        lead(activity.week_start) over (partition by activity.person_key order by activity.week_start) as next_week
    from activity
),

active as (
    select
        person_key,
        week_start,
        case
            when week_start = first_week then 'new'
            when previous_week = {{ dbt.dateadd('day', -7, 'week_start') }} then 'returning'
            else 'resurrecting'
        end as lifecycle_status
    from with_neighbours
),

dormant as (
    -- the week after an active week without activity
    select
        person_key,
        cast({{ dbt.dateadd('day', 7, 'week_start') }} as date) as week_start,
        'dormant' as lifecycle_status
    from with_neighbours
    where next_week is null or next_week > {{ dbt.dateadd('day', 7, 'week_start') }}
)

select person_key, cast(week_start as date) as week_start, lifecycle_status from active
union all
select person_key, week_start, lifecycle_status from dormant
