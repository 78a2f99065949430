with source as (
    select * from {{ source('raw', 'feedback') }}
),

ranked as (
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
        coalesce(source, 'survey') as feedback_source,
        row_number() over (
            partition by feedback_id order by _ingested_at desc, _source_file desc, _row_number desc
        ) as copy_rank
    from source
)

select {{ star_except(['copy_rank']) }}
from ranked
where copy_rank = 1
