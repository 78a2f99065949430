{#- The first event date an incremental run rebuilds: the latest date already in the model minus
    var('incremental_lookback_days') (late events of those days are picked up), or, when a run is given
    a window (var window_start, e.g. a Dagster partition), that date minus the lookback. Rows of these
    dates are deleted and inserted again (delete+insert by event_date). -#}
{% macro incremental_start() -%}
    {%- if var('window_start', '') -%}
        cast(cast('{{ var("window_start") }}' as date) - interval {{ var('incremental_lookback_days') }} day as date)
    {%- else -%}
        cast(
            (select coalesce(max(event_date), date '1970-01-01') from {{ this }})
            - interval {{ var('incremental_lookback_days') }} day as date
        )
    {%- endif -%}
{%- endmacro %}
