-- Orders the CLV model may see: those on or before the run's as-of date (never later data).
with orders as (
    select * from {{ ref('stg_crm__orders') }}
),

latest_event as (
    -- an aggregate without group by: exactly one row, also without events
    select max(event_date) as event_date
    from {{ ref('stg_web__events') }}
),

as_of as (
    -- exactly one row whether var('as_of') is set or not: the literal is selected from the single
    -- aggregate row, never once per event (that multiplied the orders by the events)
    select {{ as_of_date('latest_event.event_date') }} as as_of_date
    from latest_event
)

select
    orders.customer_id,
    orders.order_id,
    orders.ordered_at,
    orders.order_date,
    orders.amount,
    as_of.as_of_date
from orders
cross join as_of
where orders.order_date <= as_of.as_of_date
