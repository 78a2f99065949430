-- Each event with its normalised channel and the touchpoint of the first matching atlas rule
-- (lowest rule_priority). Events no rule matches keep touchpoint_id = null.
-- Incremental: a run rebuilds the days from incremental_start() on, and every earlier day whose events
-- changed (changed_days: events older than the lookback in a night's export restate their day)
-- (macro replace_by: the dates in the new data replace their stored rows).
{{ config(materialized='incremental', on_schema_change='fail', **replace_by('event_date')) }}

-- events and normalised are read where used (not_materialized): stored whole, DuckDB held every column
-- of every event first (normalised is read twice; with it read where used, events would be)
with events as {{ not_materialized() }} (
    -- the event's own columns (staging's ingestion bookkeeping stays there)
    select {{ star_except(['ingested_at', 'source_row_number']) }} from {{ ref('stg_web__events') }}
    {%- if is_incremental() %}
    where
        event_date >= {{ incremental_start() }}
        or event_date in ({{ changed_days(ref('stg_web__events'), incremental_start()) }})
    {%- endif %}
),

channel_lookup as (
    select * from {{ ref('int_channel_lookup') }}
),

rules as (
    select * from {{ ref('atlas_touchpoint_rules') }}
),

normalised as {{ not_materialized() }} (
    select
        events.*,
        coalesce(channel_lookup.channel, 'unknown') as channel
    from events
    left join channel_lookup on events.channel_raw = channel_lookup.channel_raw
),

-- the rules are matched once per kind of event (event name, page path, channel: tens of thousands of
-- kinds for millions of events), then every event takes its kind's touchpoint
kinds as (
    select distinct
        event_name,
        page_path,
        channel
    from normalised
),

candidates as (
    select
        kinds.event_name,
        kinds.page_path,
        kinds.channel,
        rules.touchpoint_id,
        row_number() over (
            partition by kinds.event_name, kinds.page_path, kinds.channel order by rules.rule_priority
        ) as rule_rank
    from kinds
    inner join rules
        on
            kinds.event_name = rules.event_name
            and (rules.page_path_like is null or kinds.page_path like rules.page_path_like)
            and (rules.channel is null or kinds.channel = rules.channel)
)

select
    normalised.*,
    candidates.touchpoint_id
from normalised
left join candidates
    on
        normalised.event_name = candidates.event_name
        and normalised.page_path is not distinct from candidates.page_path
        and normalised.channel = candidates.channel
        and candidates.rule_rank = 1
