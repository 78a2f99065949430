-- One row per event: the raw zone can hold the same event twice (re-delivered or overlapping
-- exports); the copy from the most recently ingested file wins (macros/latest_copy.sql).
-- Only events delivered more than once are ranked: a window over every event carries every column
-- through a sort, which at 100M events spills tens of GB to disk. A table, not a view: four models
-- read it, and a view would de-duplicate the whole raw zone four times per run.
{{ config(materialized='table') }}

with source as (
    select * from {{ source('raw', 'web_events') }}
),

deduplicated as (
    {{ latest_copy('source', 'event_id', rank_only_repeated=true) }}
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
