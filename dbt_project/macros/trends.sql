{#- Trends, significance and traffic-source helpers (fct_funnel_step_trends, fct_touchpoint_kpi_trends,
    fct_funnel_steps_by_campaign, fct_sessions). docs/definitions.md "Trends and significance". -#}

{#- The period before: the same grain one step earlier. -#}
{% macro previous_period_start(grain, period_start_expression) -%}
    {%- if grain == 'week' -%}
        cast({{ dbt.dateadd('day', -7, period_start_expression) }} as date)
    {%- else -%}
        cast({{ dbt.dateadd(grain, -1, period_start_expression) }} as date)
    {%- endif -%}
{%- endmacro %}

{#- ISO 8601 week-numbering year and week of a date: those of the Thursday of its (Monday-based) week,
    so 2027-01-01 (a Friday) is in week 53 of 2026. -#}
{% macro iso_year(date_expression) -%}
    cast(extract(year from {{ dbt.dateadd('day', 3, period_start('week', date_expression)) }}) as integer)
{%- endmacro %}

{% macro iso_week(date_expression) -%}
    cast(
        floor((extract(doy from {{ dbt.dateadd('day', 3, period_start('week', date_expression)) }}) - 1) / 7) + 1
        as integer
    )
{%- endmacro %}

{#- Every period start from the first to the last (inclusive), one row each, as a query with the
    column period_start. -#}
{% macro period_series(grain, first_expression, last_expression) -%}
    {{ return(adapter.dispatch('period_series', 'journey_warehouse')(grain, first_expression, last_expression)) }}
{%- endmacro %}

{% macro duckdb__period_series(grain, first_expression, last_expression) -%}
    {%- set step = '7 day' if grain == 'week' else '1 ' ~ grain -%}
    select cast(unnest(generate_series(
        cast({{ first_expression }} as timestamp), cast({{ last_expression }} as timestamp), interval {{ step }}
    )) as date) as period_start
{%- endmacro %}

{% macro default__period_series(grain, first_expression, last_expression) -%}
    {%- set step = '7 day' if grain == 'week' else '1 ' ~ grain -%}
    select explode(sequence(
        cast({{ first_expression }} as date), cast({{ last_expression }} as date), interval {{ step }}
    )) as period_start
{%- endmacro %}

{#- Two-proportion z-test of a change in a conversion rate, the one definition of the significance
    columns: previous period x_prev of n_prev, current period x_cur of n_cur. Renders three columns:
      <name>_z_score   (x_cur/n_cur - x_prev/n_prev) / sqrt(p(1-p)(1/n_prev + 1/n_cur)), p the pooled
                       rate (x_prev + x_cur) / (n_prev + n_cur); 0 when p is 0 or 1 (both rates equal);
                       null when either period has no trials (n = 0 or null). Rounded to 6 decimals.
      <name>_p_value   two-sided, 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2), at most 1, rounded to 6 decimals.
                       DuckDB has no erf, erfc or normal CDF; erfc is the Chebyshev approximation of
                       Numerical Recipes (erfcc, Press et al. 2007, 6.2), fractional error below 1.2e-7
                       everywhere (tests/test_significance.py checks it against scipy).
      <name>_is_significant  p (unrounded) below var('significance_alpha') (default 0.05); null without a test.
    The test assumes independent trials (persons, sessions) and a normal approximation: with fewer than
    about 5 successes or failures in a period read the p-value with care. -#}
{% macro two_proportion_z_test(x_prev, n_prev, x_cur, n_cur, name) -%}
    {#- rates as doubles (real_number: Spark keeps `* 1.0` decimal, and the p-value drifted by 1e-4) -#}
    {%- set pooled = '(' ~ real_number('(' ~ x_prev ~ ' + ' ~ x_cur ~ ') * 1.0') ~ ' / (' ~ n_prev ~ ' + ' ~ n_cur ~ '))' -%}
    {%- set z -%}
        (case
            when coalesce({{ n_prev }}, 0) = 0 or coalesce({{ n_cur }}, 0) = 0 then null
            when {{ pooled }} <= 0 or {{ pooled }} >= 1 then 0.0
            else ({{ real_number(x_cur ~ ' * 1.0') }} / {{ n_cur }} - {{ real_number(x_prev ~ ' * 1.0') }} / {{ n_prev }})
                / sqrt({{ pooled }} * (1 - {{ pooled }}) * ({{ real_number('1.0') }} / {{ n_prev }} + {{ real_number('1.0') }} / {{ n_cur }}))
        end)
    {%- endset -%}
    {%- set a = '(abs(' ~ z ~ ') / sqrt(2.0))' -%}
    {%- set t = '(1.0 / (1.0 + 0.5 * ' ~ a ~ '))' -%}
    {%- set p -%}
        case when {{ z }} is not null then least(1.0, {{ t }} * exp(
            -{{ a }} * {{ a }} - 1.26551223 + {{ t }} * (1.00002368 + {{ t }} * (0.37409196 + {{ t }} * (0.09678418
            + {{ t }} * (-0.18628806 + {{ t }} * (0.27886807 + {{ t }} * (-1.13520398 + {{ t }} * (1.48851587
            + {{ t }} * (-0.82215223 + {{ t }} * 0.17087277))))))))
        )) end
    {%- endset -%}
    {{ round_double(z, 6) }} as {{ name }}_z_score,
    {{ round_double(p, 6) }} as {{ name }}_p_value,
    {{ p }} < {{ var('significance_alpha') }} as {{ name }}_is_significant
{%- endmacro %}

{#- The rule that picks a person's one chain per funnel and period: the furthest level, ties to the
    earliest start (then the lower event id). 1 for the chain that counts. -#}
{% macro funnel_best_chain_rank(chains, period_expression) -%}
    row_number() over (
        partition by {{ chains }}.person_key, {{ chains }}.funnel_id, {{ period_expression }}
        order by {{ chains }}.level_reached desc, {{ chains }}.step_1_at asc, {{ chains }}.start_event_id asc
    )
{%- endmacro %}

{#- Funnel steps counted from person-period rows (one row per person, funnel and group with the furthest
    step of the best chain, level_reached), as fct_funnel_steps counts them: every step of every funnel
    for each group that entered it (zero-reach steps show as 0); reached = rows whose level is at least
    the step, dropped = reached here but not the next step (0 at the outcome), rates from the macros.
    `persons` is a relation or CTE name, `groups` the list of its columns that make a group. -#}
{% macro funnel_step_counts(persons, groups) -%}
    {%- set g = groups | join(', ') -%}
    with entered as (
        select {{ g }}, funnel_id, count(*) as entered
        from {{ persons }}
        group by {{ g }}, funnel_id
    ),

    steps as (
        select
            funnel_id,
            step_number,
            touchpoint_id,
            max(step_number) over (partition by funnel_id) as last_step_number
        from {{ ref('atlas_funnel_steps') }}
    ),

    per_step as (
        select
            {%- for c in groups %}
            persons.{{ c }},
            {%- endfor %}
            persons.funnel_id,
            steps.step_number,
            count(*) as reached,
            sum(case when persons.level_reached > steps.step_number then 1 else 0 end) as reached_next
        from {{ persons }} as persons
        inner join steps on persons.funnel_id = steps.funnel_id and persons.level_reached >= steps.step_number
        group by {% for c in groups %}persons.{{ c }}, {% endfor %}persons.funnel_id, steps.step_number
    ),

    grid as (
        select
            {%- for c in groups %}
            entered.{{ c }},
            {%- endfor %}
            entered.funnel_id,
            entered.entered,
            steps.step_number,
            steps.touchpoint_id,
            steps.last_step_number
        from entered
        inner join steps on entered.funnel_id = steps.funnel_id
    ),

    counted as (
        select
            grid.*,
            cast(coalesce(per_step.reached, 0) as bigint) as reached,
            cast(coalesce(per_step.reached_next, 0) as bigint) as reached_next
        from grid
        left join per_step
            on
                {%- for c in groups %}
                grid.{{ c }} is not distinct from per_step.{{ c }} and
                {%- endfor %}
                grid.funnel_id = per_step.funnel_id
                and grid.step_number = per_step.step_number
    )

    select
        {%- for c in groups %}
        {{ c }},
        {%- endfor %}
        funnel_id,
        step_number,
        touchpoint_id,
        step_number = last_step_number as is_outcome_step,
        cast(entered as bigint) as entered,
        reached,
        cast(
            case when step_number = 1 then entered else lag(reached) over (
                partition by {{ g }}, funnel_id order by step_number
            ) end as bigint
        ) as reached_previous_step,
        cast(case when step_number = last_step_number then 0 else reached - reached_next end as bigint) as dropped,
        {{ safe_divide('reached', 'case when step_number = 1 then entered else lag(reached) over (partition by ' ~ g ~ ', funnel_id order by step_number) end') }}
        as step_conversion_rate,
        {{ safe_divide('reached', 'entered') }} as conversion_from_step_1,
        {{ step_drop_off_rate('reached - reached_next', 'reached', 'step_number = last_step_number') }} as drop_off_rate
    from counted
{%- endmacro %}

{#- A percent-encoded URL component decoded ('+' is a space); a malformed one stays as it is. -#}
{% macro url_decoded(expression) -%}
    {{ return(adapter.dispatch('url_decoded', 'journey_warehouse')(expression)) }}
{%- endmacro %}

{% macro duckdb__url_decoded(expression) -%}
    coalesce(try(url_decode(replace({{ expression }}, '+', ' '))), {{ expression }})
{%- endmacro %}

{% macro default__url_decoded(expression) -%}
    coalesce(try_url_decode(replace({{ expression }}, '+', ' ')), {{ expression }})
{%- endmacro %}

{#- One value of the query string of a URL or path (utm_source, ...), decoded; null when absent or empty. -#}
{% macro url_parameter(url, parameter) -%}
    nullif({{ url_decoded("regexp_extract(" ~ url ~ ", '[?&#]" ~ parameter ~ "=([^&#]*)', 1)") }}, '')
{%- endmacro %}

{#- One top-level field of a JSON object text as text; null when absent or when the text is not valid
    JSON (ingestion only checks that properties look like an object). -#}
{% macro json_text_field(json_text, key) -%}
    {{ return(adapter.dispatch('json_text_field', 'journey_warehouse')(json_text, key)) }}
{%- endmacro %}

{% macro duckdb__json_text_field(json_text, key) -%}
    try(json_extract_string({{ json_text }}, '$.{{ key }}'))
{%- endmacro %}

{% macro default__json_text_field(json_text, key) -%}
    get_json_object({{ json_text }}, '$.{{ key }}')
{%- endmacro %}

{#- The traffic source, medium or campaign an event carries (field: 'source', 'medium' or 'campaign'):
    the UTM parameter of its landing URL (utm_<field> in the query string of page_path, or in the
    properties JSON, where GA4 ingestion puts the page_location's UTM parameters), else GA4's
    traffic_source record (properties source / medium / campaign). Null when the event carries none;
    only events whose path mentions utm or that have properties are looked at. -#}
{% macro event_traffic_field(page_path, properties, field) -%}
    case when {{ page_path }} like '%utm%' or {{ properties }} is not null then coalesce(
        {{ url_parameter(page_path, 'utm_' ~ field) }},
        nullif({{ url_decoded(json_text_field(properties, 'utm_' ~ field)) }}, ''),
        nullif({{ json_text_field(properties, field) }}, '')
    ) end
{%- endmacro %}
