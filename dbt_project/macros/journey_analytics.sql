{#- Helpers of the behaviour analyses (retention, lifecycle, contact reasons). DuckDB gets its
    native form; other engines a standard one (see portable.sql). -#}

{#- The Monday (a date) of the ISO week of a timestamp or date. -#}
{% macro iso_week_start(expression) -%}
    {{ return(adapter.dispatch('iso_week_start', 'journey_warehouse')(expression)) }}
{%- endmacro %}

{% macro duckdb__iso_week_start(expression) -%}
    cast(date_trunc('week', {{ expression }}) as date)
{%- endmacro %}

{% macro default__iso_week_start(expression) -%}
    cast({{ dbt.date_trunc('week', expression) }} as date)
{%- endmacro %}

{#- The first day (a date) of the period ('day', 'week' = ISO week from Monday, 'month') of a timestamp or
    date; the trend marts use it too. -#}
{% macro period_start(grain, expression) -%}
    {%- if grain == 'week' -%}
        {{ iso_week_start(expression) }}
    {%- else -%}
        cast({{ dbt.date_trunc(grain, expression) }} as date)
    {%- endif -%}
{%- endmacro %}

{#- Whole periods ('week', 'month') from one period start (date) to another. -#}
{% macro periods_between(grain, start_date, end_date) -%}
    {%- if grain == 'week' -%}
        cast({{ dbt.datediff(start_date, end_date, 'day') }} / 7 as integer)
    {%- else -%}
        cast({{ dbt.datediff(start_date, end_date, 'month') }} as integer)
    {%- endif -%}
{%- endmacro %}
