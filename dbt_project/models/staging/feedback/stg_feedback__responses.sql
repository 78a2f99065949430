-- One row per feedback item: the latest copy of a re-delivered row wins (macros/latest_copy.sql).
with source as (
    select * from {{ source('raw', 'feedback') }}
),

latest as (
    {{ latest_copy('source', 'feedback_id') }}
)

select
    feedback_id,
    customer_id,
    submitted_at,
    cast(submitted_at as date) as submitted_date,
    lower(trim(channel)) as channel_raw,
    touchpoint as touchpoint_id,
    journey as journey_node_id,
    nps,
    csat,
    ces,
    text as feedback_text,
    lower(language) as language_declared,
    coalesce(source, 'survey') as feedback_source
from latest
