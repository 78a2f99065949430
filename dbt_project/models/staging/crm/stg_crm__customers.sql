-- One row per customer: the latest copy of a re-delivered row wins (macros/latest_copy.sql).
with source as (
    select * from {{ source('raw', 'crm_customers') }}
),

latest as (
    {{ latest_copy('source', 'customer_id') }}
)

select
    customer_id,
    email as email_hash,
    first_name as first_name_hash,
    last_name as last_name_hash,
    phone as phone_hash,
    street as street_hash,
    postal_code,
    city,
    country,
    coalesce(lower(trim(segment)), 'unknown') as segment,
    created_at,
    referred_by as referred_by_customer_id
from latest
