-- One row per event: the raw zone can hold the same event twice (re-delivered or overlapping
-- exports); the copy from the most recently ingested file wins (macros/latest_copy.sql).
-- Only events delivered more than once are ranked: a window over every event carries every column
-- through a sort, which at 100M events spills tens of GB to disk. Stored, not a view: four models
-- read it, and a view would de-duplicate the whole raw zone four times per run.
-- Incremental (macro merge_by: DuckDB; Spark rebuilds it): a run reads only the export files it has
-- not merged (macro unmerged_files) and ranks their copies of an event against the stored one; the
-- winner replaces the stored row. A file ingested again (a corrected or rejected re-delivery) can
-- withdraw events, which a merge cannot: the pipeline then runs with --full-refresh
-- (pipeline/incremental_inputs.py), and a plain incremental dbt run stops with an error naming it.
{%- set raw = source('raw', 'web_events') %}
{{ config(on_schema_change='fail', **merge_by('event_id')) }}
{%- set new_files = unmerged_files(raw) %}
{%- set columns = [
    'event_id', 'event_at', 'event_date', 'anonymous_id', 'customer_id', 'session_id', 'event_name',
    'page_path', 'channel_raw', 'device', 'dwell_seconds', 'properties', 'source_file', 'ingested_at',
    'source_row_number',
] %}

-- read where used (not_materialized): the ranking reads it four times, mostly its keys; stored whole,
-- DuckDB held every column of every event first
with source as {{ not_materialized() }} (
    select * from {{ raw }}
    {%- if is_incremental() %}
    where _source_file in (
        {%- for name in new_files %}'{{ name | replace("'", "''") }}', {% endfor %}null
    )
    {%- endif %}
),

deduplicated as (
    {{ latest_copy('source', 'event_id', rank_only_repeated=true) }}
),

staged as (
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
        _source_file as source_file,
        _ingested_at as ingested_at,
        _row_number as source_row_number
    from deduplicated
)

{%- if is_incremental() %},

-- the new files' copies against the stored copy of the same events (the raw zone's order of copies:
-- ingestion time, file name, row number); the stored copy is the latest of every earlier file's
candidates as (
    select
        {{ columns | join(', ') }},
        ingested_at as _ingested_at,
        source_file as _source_file,
        source_row_number as _row_number
    from staged

    union all

    select
        {{ columns | join(', ') }},
        ingested_at as _ingested_at,
        source_file as _source_file,
        source_row_number as _row_number
    from {{ this }}
    where event_id in (select staged.event_id from staged)
),

ranked as (
    {{ latest_copy('candidates', 'event_id', rank_only_repeated=true) }}
)

select {{ columns | join(', ') }} from ranked
{%- else %}

select {{ columns | join(', ') }} from staged
{%- endif %}
