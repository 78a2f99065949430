-- One row per event: the raw zone can hold the same event twice (re-delivered or overlapping
-- exports); the copy from the most recently ingested file wins.
-- Only events delivered more than once are ranked: a window over every event carries every column
-- through a sort, which at 100M events spills tens of GB to disk. A table, not a view: four models
-- read it, and a view would de-duplicate the whole raw zone four times per run.
{{ config(materialized='table') }}

with source as (
    select * from {{ source('raw', 'web_events') }}
),

repeated as (
    select event_id
    from source
    group by event_id
    having count(*) > 1
),

single_copies as (
    select source.*
    from source
    left join repeated on source.event_id = repeated.event_id
    where repeated.event_id is null
),

latest_copies as (
    select source.*
    from source
    inner join repeated on source.event_id = repeated.event_id
    qualify row_number() over (
        partition by source.event_id order by source._ingested_at desc, source._source_file desc, source._row_number desc
    ) = 1
),

deduplicated as (
    select * from single_copies
    union all
    select * from latest_copies
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
    lower(trim(channel)) as channel_raw,
    device,
    dwell_seconds,
    properties,
    _source_file as source_file
from deduplicated
