with source as (
    select * from {{ source('raw', 'crm_cases') }}
),

ranked as (
    select
        case_id,
        customer_id,
        opened_at,
        closed_at,
        cast(opened_at as date) as opened_date,
        lower(trim(channel)) as channel_raw,
        category,
        handle_minutes,
        coalesce(escalated, false) as is_escalated,
        touchpoint as touchpoint_id,
        row_number() over (
            partition by case_id order by _ingested_at desc, _source_file desc, _row_number desc
        ) as copy_rank
    from source
)

select {{ star_except(['copy_rank']) }}
from ranked
where copy_rank = 1
