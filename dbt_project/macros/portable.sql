{#- Small cross-database helpers. DuckDB gets its native form; other engines a standard one, so the
    models can move to Spark/Trino adapters without rewriting. -#}

{% macro safe_divide(numerator, denominator) -%}
    case when ({{ denominator }}) = 0 then null else {{ real_number('(' ~ numerator ~ ') * 1.0') }} / ({{ denominator }}) end
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

{#- All columns of a relation but the named ones: DuckDB's `* exclude (...)`, Spark's and Databricks'
    `* except (...)`. `prefix` qualifies the star (a table alias), e.g. star_except(['a'], 'per_customer'). -#}
{% macro star_except(columns, prefix='') -%}
    {{ return(adapter.dispatch('star_except', 'journey_warehouse')(columns, prefix)) }}
{%- endmacro %}

{% macro duckdb__star_except(columns, prefix) -%}
    {% if prefix %}{{ prefix }}.{% endif %}* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro default__star_except(columns, prefix) -%}
    {% if prefix %}{{ prefix }}.{% endif %}* except ({{ columns | join(', ') }})
{%- endmacro %}

{#- Written after a CTE's `as` (`events as {{ not_materialized() }} (...)`): the CTE is computed
    where it is used, not stored first. DuckDB stores a CTE used more than once, every column of it, in
    one piece: at 100M events `select * from fct_journey_events` so stored ran out of memory at 4 GB, read
    where used it streams and spills (docs/benchmarks.md). Spark inlines CTEs anyway and has no such
    keyword. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'journey_warehouse')()) }}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{#- The value of `expression` at the row with the least (greatest) `order_by` tuple, a null value
    included (DuckDB's arg_min_null / arg_max_null; Spark's min_by / max_by keep a null value too). Rows
    whose order key is null are skipped: pass a single expression that is null for rows to skip, or a
    list of columns compared as a tuple (never null). -#}
{% macro value_at_min(expression, order_by) -%}
    {{ return(adapter.dispatch('value_at_min', 'journey_warehouse')(expression, order_by, 'min')) }}
{%- endmacro %}

{% macro value_at_max(expression, order_by) -%}
    {{ return(adapter.dispatch('value_at_min', 'journey_warehouse')(expression, order_by, 'max')) }}
{%- endmacro %}

{% macro order_tuple(order_by) -%}
    {{ return(adapter.dispatch('order_tuple', 'journey_warehouse')(order_by)) }}
{%- endmacro %}

{% macro duckdb__order_tuple(order_by) -%}
    {%- if order_by is string -%}{{ order_by }}{%- else -%}({{ order_by | join(', ') }}){%- endif -%}
{%- endmacro %}

{% macro default__order_tuple(order_by) -%}
    {%- if order_by is string -%}{{ order_by }}{%- else -%}struct({{ order_by | join(', ') }}){%- endif -%}
{%- endmacro %}

{% macro duckdb__value_at_min(expression, order_by, which) -%}
    arg_{{ which }}_null({{ expression }}, {{ order_tuple(order_by) }})
{%- endmacro %}

{% macro default__value_at_min(expression, order_by, which) -%}
    {{ which }}_by({{ expression }}, {{ order_tuple(order_by) }})
{%- endmacro %}

{#- One bit of a bit mask (bit_or to combine, `(a & b) <> 0` to test): bit `position` (1-based). DuckDB
    has 128-bit hugeint; Spark's widest integer is a 64-bit bigint, whose shift wraps silently past 63,
    so there a position beyond 63 raises an error: too many bits fails loudly, never wrongly. -#}
{% macro mask_bit(position) -%}
    {{ return(adapter.dispatch('mask_bit', 'journey_warehouse')(position)) }}
{%- endmacro %}

{% macro duckdb__mask_bit(position) -%}
    cast(1 as hugeint) << ({{ position }} - 1)
{%- endmacro %}

{% macro default__mask_bit(position) -%}
    case
        when {{ position }} between 1 and 63 then shiftleft(cast(1 as bigint), cast({{ position }} - 1 as int))
        else raise_error('mask_bit: more than 63 bits do not fit a bigint mask')
    end
{%- endmacro %}

{#- last_value over a window, skipping nulls: DuckDB `last_value(x ignore nulls)`, Spark
    `last_value(x, true)` (its second argument is ignoreNulls). Followed by the model's `over (...)`. -#}
{% macro last_value_ignore_nulls(expression) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls', 'journey_warehouse')(expression)) }}
{%- endmacro %}

{% macro duckdb__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }} ignore nulls)
{%- endmacro %}

{% macro default__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }}, true)
{%- endmacro %}

{#- A number as a double where the engine would keep it decimal: DuckDB's averages and quotients of
    decimals are doubles already (the expression as it stands), Spark keeps decimal literals such as 1.0
    decimal with at most 6 to 12 fractional digits. -#}
{% macro real_number(expression) -%}
    {{ return(adapter.dispatch('real_number', 'journey_warehouse')(expression)) }}
{%- endmacro %}

{% macro duckdb__real_number(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro default__real_number(expression) -%}
    cast({{ expression }} as double)
{%- endmacro %}

{#- A double rounded to `decimals` places as DuckDB rounds it: round(x * 10^d) / 10^d, half away from
    zero. Spark's round(double, d) rounds the exact decimal value of the double, so a value printed
    0.5981615 but stored just below it went down on Spark and up on DuckDB. -#}
{% macro round_double(expression, decimals) -%}
    {{ return(adapter.dispatch('round_double', 'journey_warehouse')(expression, decimals)) }}
{%- endmacro %}

{% macro duckdb__round_double(expression, decimals) -%}
    round({{ expression }}, {{ decimals }})
{%- endmacro %}

{% macro default__round_double(expression, decimals) -%}
    round(({{ expression }}) * 1e{{ decimals }}) / 1e{{ decimals }}
{%- endmacro %}

{#- Continuous percentiles (the same values as quantile_cont / percentile_cont) from a relation of
    (group columns, value, count) rows: one pass sorted by value inside each group, so the work spills
    to disk like any window, where quantile_cont keeps every value of a group in memory. For fraction
    f over n values, h = (n - 1) * f in double precision, as quantile_cont computes it (its values
    agree up to floating-point rounding: at most 6e-11 s apart on the sample's funnel times); the result is the value at (0-based) sorted position floor(h)
    plus (h - floor(h)) times the step to the value at position ceil(h). The value at position p is
    the least value whose running count passes p. `percentiles` maps output column -> fraction; rows
    with a null value must be filtered out by the caller (as quantile_cont ignores them). -#}
{% macro percentiles_from_counts(relation, group_columns, value, count, percentiles) -%}
    {%- set groups = group_columns | join(', ') -%}
    select
        {{ groups }},
        {%- for name, fraction in percentiles.items() %}
        {%- set h = 'cast(total - 1 as double) * ' ~ fraction %}
        min(case when running > floor({{ h }}) then cast({{ value }} as double) end)
        + max({{ h }} - floor({{ h }}))
        * (
            min(case when running > ceil({{ h }}) then cast({{ value }} as double) end)
            - min(case when running > floor({{ h }}) then cast({{ value }} as double) end)
        ) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            {{ groups }},
            {{ value }},
            sum({{ count }}) over (
                partition by {{ groups }} order by {{ value }} rows between unbounded preceding and current row
            ) as running,
            sum({{ count }}) over (partition by {{ groups }}) as total
        from {{ relation }}
    ) as sorted_values
    group by {{ groups }}
{%- endmacro %}
