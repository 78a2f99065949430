-- One row per case: the latest copy of a re-delivered row wins (macros/latest_copy.sql).
with source as (
    select * from {{ source('raw', 'crm_cases') }}
),

latest as (
    {{ latest_copy('source', 'case_id') }}
)

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
    touchpoint as touchpoint_id
from latest
