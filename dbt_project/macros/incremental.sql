{#- The first event date an incremental run rebuilds: the latest date already in the model minus
    var('incremental_lookback_days') (late events of those days are picked up), or, when a run is given
    a window (the environment variable JOURNEY_WINDOW_START, set by the Dagster asset to the run's first
    partition day), that date minus the lookback. Rows of these dates are deleted and inserted again
    (delete+insert by event_date), and so are the rows of earlier days whose events changed
    (changed_days below: events more than the lookback late). An environment variable rather than a
    dbt var: changing --vars makes dbt re-parse the whole project, an environment variable read only
    at run time does not. `column`: the model's date column (int_sessions: session_date). -#}
{% macro incremental_start(column='event_date') -%}
    {%- set window_start = env_var('JOURNEY_WINDOW_START', '') -%}
    {%- if window_start -%}
        cast(cast('{{ window_start }}' as date) - interval {{ var('incremental_lookback_days') }} day as date)
    {%- else -%}
        cast(
            (select coalesce(max({{ column }}), date '1970-01-01') from {{ this }})
            - interval {{ var('incremental_lookback_days') }} day as date
        )
    {%- endif -%}
{%- endmacro %}

{#- The earlier days an incremental run restates besides those from incremental_start() on: every
    event date before `before` whose events in `upstream` differ from the rows this model holds, counted
    per day and source file. That is the day of every late event (a night's export holding events older
    than the lookback: they are not left out of the table, their whole day is rebuilt), and of every
    event a re-delivered file moved or added; days nothing changed are not read again. A select of one
    column, event_date; `before` is the SQL of the first date the run rebuilds anyway. Both sides are
    one aggregation over (event_date, source_file): a few thousand groups for 100M events. -#}
{% macro changed_days(upstream, before) -%}
    select coalesce(upstream_days.event_date, stored_days.event_date) as event_date
    from (
        select
            event_date,
            source_file,
            count(*) as events
        from {{ upstream }}
        where event_date < {{ before }}
        group by event_date, source_file
    ) as upstream_days
    full outer join (
        select
            event_date,
            source_file,
            count(*) as events
        from {{ this }}
        where event_date < {{ before }}
        group by event_date, source_file
    ) as stored_days
        on
            upstream_days.event_date = stored_days.event_date
            and upstream_days.source_file is not distinct from stored_days.source_file
    where upstream_days.events is distinct from stored_days.events
{%- endmacro %}

{#- The incremental configuration that replaces whole values of `column` (event_date, as_of_date): rows of
    every value in the new data replace the stored rows of that value, rows of other values stay. On
    DuckDB delete+insert with that unique key; on Spark (parquet tables, no merge without Delta/Iceberg)
    insert_overwrite of the table partitioned by that column, in dynamic partition mode: the same
    semantics. Used as config(materialized='incremental', **replace_by(...)). -#}
{% macro replace_by(column) -%}
    {{ return(adapter.dispatch('replace_by', 'journey_warehouse')(column)) }}
{%- endmacro %}

{% macro default__replace_by(column) -%}
    {{ return({'incremental_strategy': 'delete+insert', 'unique_key': column}) }}
{%- endmacro %}

{% macro spark__replace_by(column) -%}
    {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': [column], 'file_format': 'parquet'}) }}
{%- endmacro %}

{#- The incremental configuration that merges rows by a key (`unique_key`): rows of keys in the new data
    replace the stored rows of those keys. DuckDB: delete+insert on the key. Spark (parquet tables, no
    merge without Delta/Iceberg): a table rebuilt each run, the same rows. -#}
{% macro merge_by(key) -%}
    {{ return(adapter.dispatch('merge_by', 'journey_warehouse')(key)) }}
{%- endmacro %}

{% macro default__merge_by(key) -%}
    {{ return({'materialized': 'incremental', 'incremental_strategy': 'delete+insert', 'unique_key': key}) }}
{%- endmacro %}

{% macro spark__merge_by(key) -%}
    {{ return({'materialized': 'table', 'file_format': 'parquet'}) }}
{%- endmacro %}

{#- How the raw zone changed since an incremental staging model last ran, per export file: the pairs
    (file name, ingestion time) of `raw` (its columns _source_file, _ingested_at) against those the
    model holds rows of (its columns source_file, ingested_at). Returns
    {'new_files': [names of files whose pair the model does not hold], 'restate': true|false}:
    `restate` when a pair the model holds is no longer in the raw zone (the file was ingested again, a
    corrected re-delivery, or removed) — rows of that delivery may have vanished, so the model is
    rebuilt from the whole raw zone (macro restate_pre_hook empties it first). A new file can be one
    whose every row lost to a later copy before (the model holds no row of it): its rows are ranked
    against the stored copies again and lose again. One aggregation over two columns each side: a few
    hundred groups. Run when the model is compiled for a run; {} outside a run. A table built before the
    model kept the ingestion time is restated once (with on_schema_change='append_new_columns'). -#}
{% macro raw_delivery_changes(raw) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set stored_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {%- if 'ingested_at' not in stored_columns -%}  {#- built before the model kept it: rebuild once #}
        {{ return({'new_files': [], 'restate': true}) }}
    {%- endif -%}
    {%- set changed_files -%}
        select
            coalesce(raw_files.source_file, stored_files.source_file) as source_file,
            raw_files.source_file is null as gone
        from (
            select
                _source_file as source_file,
                _ingested_at as ingested_at
            from {{ raw }}
            group by _source_file, _ingested_at
        ) as raw_files
        full outer join (
            select
                source_file,
                ingested_at
            from {{ this }}
            group by source_file, ingested_at
        ) as stored_files
            on raw_files.source_file = stored_files.source_file and raw_files.ingested_at = stored_files.ingested_at
        where raw_files.source_file is null or stored_files.source_file is null
        order by 1
    {%- endset -%}
    {%- set rows = run_query(changed_files).rows -%}
    {{ return({
        'new_files': rows | rejectattr('gone') | map(attribute='source_file') | list,
        'restate': rows | selectattr('gone') | list | length > 0,
    }) }}
{%- endmacro %}

{#- Pre-hook of an incremental staging model: empties it when raw_delivery_changes says restate (the
    model then selects the whole raw zone); nothing otherwise. -#}
{% macro restate_pre_hook(raw) -%}
    {%- if raw_delivery_changes(raw).get('restate') -%}
        delete from {{ this }}
    {%- endif -%}
{%- endmacro %}
