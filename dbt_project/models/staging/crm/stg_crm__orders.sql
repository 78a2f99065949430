-- One row per order: the latest copy of a re-delivered row wins (macros/latest_copy.sql).
with source as (
    select * from {{ source('raw', 'crm_orders') }}
),

latest as (
    {{ latest_copy('source', 'order_id') }}
)

select
    order_id,
    customer_id,
    ordered_at,
    cast(ordered_at as date) as order_date,
    amount,
    coalesce(upper(currency), 'EUR') as currency,
    lower(trim(channel)) as channel_raw
from latest
