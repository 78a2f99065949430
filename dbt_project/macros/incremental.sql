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

{#- The export files an incremental staging model has not merged yet: the pairs (file name, ingestion
    time) of `raw` (its columns _source_file, _ingested_at) that the model holds no row of (its columns
    source_file, ingested_at) — new files, and files whose every row lost to a later copy before (their
    rows are ranked against the stored copies again and lose again). A select over two columns each side:
    a few hundred groups. Returns the list of names when the model is compiled for an incremental run,
    [] otherwise (and under --empty, where the source reads no rows).
    A pair the model holds that is gone from the raw zone means a file was ingested again (a corrected
    re-delivery, or a rejected one that removed its rows): events of days long built may have changed
    or vanished, which a merge cannot undo. The pipeline runs such a night with --full-refresh by itself
    (pipeline/incremental_inputs.py); anything else that gets here stops with an error naming the files. -#}
{% macro unmerged_files(raw) -%}
    {%- if not execute or not is_incremental() or flags.EMPTY -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set stored_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {%- if 'ingested_at' not in stored_columns -%}
        {{ exceptions.raise_compiler_error(this ~ " was built before it kept each row's ingestion time: run once with --full-refresh") }}
    {%- endif -%}
    {%- set unmatched_pairs -%}
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
    {%- set rows = run_query(unmatched_pairs).rows -%}
    {%- set gone = rows | selectattr('gone') | map(attribute='source_file') | list -%}
    {%- if gone -%}
        {{ exceptions.raise_compiler_error(
            "files ingested again since " ~ this ~ " was built: " ~ (gone | join(', '))
            ~ ". Their earlier rows may have changed or vanished: run with --full-refresh"
            ~ " (python -m pipeline.run does this by itself)"
        ) }}
    {%- endif -%}
    {{ return(rows | rejectattr('gone') | map(attribute='source_file') | list) }}
{%- endmacro %}

{#- The moment a model's rows were written by a dbt run: dbt's run_started_at (one value for the whole
    invocation), as a timestamp literal. int_events_sessionised stamps each row it writes with it
    (sessionised_at), so a model downstream can tell which days it restated since that model last read
    them. -#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}

{#- The latest sessionised_at among fct_journey_events' stored rows (as a literal): the sessionised
    rows written after it are the ones this model has not read yet. Read once, when the model and its
    pre-hook are rendered, before the pre-hook deletes rows (so both agree); the beginning of time on a
    full build, at parse time, and when the table holds no rows. -#}
{% macro journey_events_read_until() -%}
    {%- set beginning = "cast('1970-01-01 00:00:00' as timestamp)" -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(beginning) }}
    {%- endif -%}
    {%- set latest = run_query("select max(sessionised_at) from " ~ this).columns[0].values()[0] -%}
    {{ return(beginning if latest is none else "cast('" ~ latest.strftime("%Y-%m-%d %H:%M:%S.%f") ~ "' as timestamp)") }}
{%- endmacro %}

{#- The event dates an incremental run of fct_journey_events restates: every day int_events_sessionised
    wrote since this model last read it — the night's window, and every earlier day it restated (a late
    event, a re-delivered copy, a session that now starts earlier; changed_days), whatever changed on it,
    not only how many events reach this mart. One definition of a changed day, int_events_sessionised's. A
    select of one column, event_date. -#}
{% macro restated_journey_event_days() -%}
    select distinct sessionised.event_date
    from {{ ref('int_events_sessionised') }} as sessionised
    where sessionised.sessionised_at > {{ journey_events_read_until() }}
{%- endmacro %}

{#- fct_journey_events' pre-hook on an incremental run: delete the stored rows of the days the run
    restates (restated_journey_event_days), which the run then writes again; an event that no longer
    reaches the mart is not left behind. Nothing on a full build (and on Spark, where the model is a
    table), nor under --empty (whose run writes no rows back). -#}
{% macro delete_restated_journey_events() -%}
    {%- if is_incremental() and not flags.EMPTY %}
    delete from {{ this }}
    where event_date in ({{ restated_journey_event_days() }})
    {%- endif %}
{%- endmacro %}
