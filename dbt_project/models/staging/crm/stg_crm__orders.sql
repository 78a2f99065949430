with source as (
    select * from {{ source('raw', 'crm_orders') }}
),

ranked as (
    select
        order_id,
        customer_id,
        ordered_at,
        cast(ordered_at as date) as order_date,
        amount,
        coalesce(upper(currency), 'EUR') as currency,
        lower(trim(channel)) as channel_raw,
        row_number() over (
            partition by order_id order by _ingested_at desc, _source_file desc, _row_number desc
        ) as copy_rank
    from source
)

select {{ star_except(['copy_rank']) }}
from ranked
where copy_rank = 1
