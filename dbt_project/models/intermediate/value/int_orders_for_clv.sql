-- Orders the CLV model may see: those on or before the run's as-of date (never later data).
with orders as (
    select * from {{ ref('stg_crm__orders') }}
),

as_of as (
    select {{ as_of_date('max(event_date)') }} as as_of_date
    from {{ ref('stg_web__events') }}
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
