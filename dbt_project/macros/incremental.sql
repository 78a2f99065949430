{#- The first event date an incremental run rebuilds: the latest date already in the model minus
    var('incremental_lookback_days') (late events of those days are picked up), or, when a run is given
    a window (the environment variable JOURNEY_WINDOW_START, set by the Dagster asset to the run's first
    partition day), that date minus the lookback. Rows of these dates are deleted and inserted again
    (delete+insert by event_date). An environment variable rather than a dbt var: changing --vars makes
    dbt re-parse the whole project, an environment variable read only at run time does not. -#}
{% macro incremental_start() -%}
    {%- set window_start = env_var('JOURNEY_WINDOW_START', '') -%}
    {%- if window_start -%}
        cast(cast('{{ window_start }}' as date) - interval {{ var('incremental_lookback_days') }} day as date)
    {%- else -%}
        cast(
            (select coalesce(max(event_date), date '1970-01-01') from {{ this }})
            - interval {{ var('incremental_lookback_days') }} day as date
        )
    {%- endif -%}
{%- endmacro %}
