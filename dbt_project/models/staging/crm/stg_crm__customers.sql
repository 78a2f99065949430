with source as (
    select * from {{ source('raw', 'crm_customers') }}
),

ranked as (
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
        referred_by as referred_by_customer_id,
        row_number() over (
            partition by customer_id order by _ingested_at desc, _source_file desc, _row_number desc
        ) as copy_rank
    from source
)

select {{ star_except(['copy_rank']) }}
from ranked
where copy_rank = 1
