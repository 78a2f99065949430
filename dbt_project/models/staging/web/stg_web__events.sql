-- One row per event: the raw zone can hold the same event twice (re-delivered or overlapping
-- exports); the copy from the most recently ingested file wins.
with source as (
    select * from {{ source('raw', 'web_events') }}
),

ranked as (
    select
        event_id,
        event_at,
        anonymous_id,
        customer_id,
        session_id,
        event_name,
        page_path,
        lower(trim(channel)) as channel_raw,
        device,
        dwell_seconds,
        properties,
        _source_file as source_file,
        row_number() over (
            partition by event_id order by _ingested_at desc, _source_file desc, _row_number desc
        ) as copy_rank
    from source
)

select
    event_id,
    event_at,
    cast(event_at as date) as event_date,
    anonymous_id,
    customer_id,
    session_id,
    event_name,
    page_path,
    channel_raw,
    device,
    dwell_seconds,
    properties,
    source_file
from ranked
where copy_rank = 1
