-- The segment of every person key: the CRM segment of a known customer, else 'anonymous'.
with persons as (
    select distinct person_key, stitched_customer_id from {{ ref('int_events_stitched') }}
),

customers as (
    select customer_id, segment from {{ ref('stg_crm__customers') }}
)

select
    persons.person_key,
    persons.stitched_customer_id as customer_id,
    case
        when persons.stitched_customer_id is null then 'anonymous'
        else coalesce(customers.segment, 'unknown')
    end as segment
from persons
left join customers on persons.stitched_customer_id = customers.customer_id
