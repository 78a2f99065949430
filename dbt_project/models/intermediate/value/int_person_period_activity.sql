{#- Activity of every person per week (ISO, from Monday) and calendar month, for the retention cohorts:
    whether they visited (any clickstream event of the stitched person, any channel) and whether they
    purchased (an order up to the as-of date, int_orders_for_clv), and the revenue of their orders in
    the period. One row per period grain, person and period with any activity. -#}
-- visits: one row per event (a distinct here would be redundant, max() and the zero revenue give the
-- same, and DuckDB ran out of memory feeding one hash aggregate into the next: 400 MB at 10M events)
with visits as (
    select
        person_key,
        event_date as activity_date,
        1 as visited,
        0 as purchased,
        0.0 as revenue
    from {{ ref('int_events_stitched') }}
),

orders as (
    select
        customer_id as person_key,
        order_date as activity_date,
        0 as visited,
        1 as purchased,
        amount as revenue
    from {{ ref('int_orders_for_clv') }}
    where customer_id is not null
),

activity as (
    select * from visits
    union all
    select * from orders
)

{%- for grain in ['week', 'month'] %}

{% if not loop.first %}union all{% endif %}

select
    '{{ grain }}' as period_grain,
    person_key,
    {{ period_start(grain, 'activity_date') }} as period_start,
    max(visited) = 1 as visited,
    max(purchased) = 1 as purchased,
    {{ exact_sum('revenue') }} as revenue
from activity
group by person_key, {{ period_start(grain, 'activity_date') }}
{%- endfor %}
