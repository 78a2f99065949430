{#- Small cross-database helpers. DuckDB gets its native form; other engines a standard one, so the
    models can move to Spark/Trino adapters without rewriting. -#}

{% macro percentile(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile', 'journey_warehouse')(expression, fraction)) }}
{%- endmacro %}

{% macro duckdb__percentile(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro default__percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro safe_divide(numerator, denominator) -%}
    case when ({{ denominator }}) = 0 then null else ({{ numerator }}) * 1.0 / ({{ denominator }}) end
{%- endmacro %}

{#- The as-of date of the run: var('as_of') when set, else the given fallback expression.
    A scalar expression, not a query: select it from exactly one row (an aggregate), never from a
    table, or a set var returns the literal once per row of that table. -#}
{% macro as_of_date(fallback) -%}
    {%- if var('as_of', '') | trim != '' -%}
        cast('{{ var("as_of") | trim }}' as date)
    {%- else -%}
        {{ fallback }}
    {%- endif -%}
{%- endmacro %}

{#- Sums and means of doubles that do not depend on the order rows arrive in: DuckDB's parallel
    aggregation adds doubles in thread order, so two builds of the same data could differ in the last
    bits (enough to flip a priority explanation at its threshold). Summed in fixed point (9 decimals),
    a re-run gives identical numbers. -#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 9))) as double)
{%- endmacro %}

{% macro exact_avg(expression) -%}
    cast(avg(cast({{ expression }} as decimal(38, 9))) as double)
{%- endmacro %}

{#- A number as text with thousands separators and a fixed number of decimals (1,234.50), for the
    explanations a CX manager reads. -#}
{% macro format_number(expression, decimals) -%}
    {{ return(adapter.dispatch('format_number', 'journey_warehouse')(expression, decimals)) }}
{%- endmacro %}

{% macro duckdb__format_number(expression, decimals) -%}
    format('{:,.{{ decimals }}f}', {{ expression }})
{%- endmacro %}

{% macro default__format_number(expression, decimals) -%}
    format_number({{ expression }}, {{ decimals }})
{%- endmacro %}
