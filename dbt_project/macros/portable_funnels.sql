{#- Step k of int_funnel_chains: each chain of chain_<k-1> (chain_1's columns `chain_1_columns`, among them
    person_key, funnel_id and window_ends_at, then step_2_at … step_<k-1>_at) with step_<k>_at, the earliest event of
    step_<k>_events (person_key, funnel_id, occurred_at, max_seconds_from_previous) of the same person
    and funnel at or after step_<k-1>_at, kept when it is within the window and the step's limit; a
    chain that stopped before step k-1 keeps step k empty. Renders the body of the CTE chain_<k>. -#}
{% macro funnel_chain_step(k, chain_1_columns) -%}
    {%- set chain_columns = chain_1_columns + [] -%}
    {%- for j in range(2, k) -%}
        {%- do chain_columns.append('step_' ~ j ~ '_at') -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('funnel_chain_step', 'journey_warehouse')(k, chain_columns)) }}
{%- endmacro %}

{#- The step-k event is kept when within the window and the step's limit (both engines). -#}
{% macro funnel_step_within_limits(k, next_at, next_limit, chain_prefix) -%}
    {{ next_at }} <= {{ chain_prefix }}window_ends_at
                and (
                    {{ next_limit }} is null
                    or {{ next_at }}
                    <= {{ dbt.dateadd('second', next_limit, chain_prefix ~ 'step_' ~ (k - 1) ~ '_at') }}
                )
{%- endmacro %}

{#- DuckDB: an as-of join, one sorted merge per step, of the chains that reached step k-1 only (a chain that
    stopped is not carried through the later steps; funnel_all_chains gathers the stopped ones). -#}
{% macro duckdb__funnel_chain_step(k, chain_columns) -%}
    select
        chain.*,
        case
            when
                {{ funnel_step_within_limits(k, 'next_step.occurred_at', 'next_step.max_seconds_from_previous', 'chain.') }}
                then next_step.occurred_at
        end as step_{{ k }}_at
    from chain_{{ k - 1 }} as chain
    asof left join step_{{ k }}_events as next_step
        on
            chain.person_key = next_step.person_key
            and chain.funnel_id = next_step.funnel_id
            and chain.step_{{ k - 1 }}_at <= next_step.occurred_at
    {%- if k > 2 %}
    where chain.step_{{ k - 1 }}_at is not null
    {%- endif %}
{%- endmacro %}

{#- Every chain with step_1_at … step_<max_steps>_at: the last chain step (elsewhere), or on DuckDB the chains
    that stopped at each step (chain_k with step_k_at empty, later steps empty) and those of the last step.
    Renders the body of the CTE all_chains. -#}
{% macro funnel_all_chains(max_steps) -%}
    {{ return(adapter.dispatch('funnel_all_chains', 'journey_warehouse')(max_steps)) }}
{%- endmacro %}

{% macro default__funnel_all_chains(max_steps) -%}
    select * from chain_{{ max_steps }}
{%- endmacro %}

{% macro duckdb__funnel_all_chains(max_steps) -%}
    {%- for k in range(2, max_steps) %}
    select
        *,
        {%- for j in range(k + 1, max_steps + 1) %}
        cast(null as timestamp) as step_{{ j }}_at{% if not loop.last %},{% endif %}
        {%- endfor %}
    from chain_{{ k }}
    where step_{{ k }}_at is null

    union all  -- the same columns in the same order
    {% endfor %}
    select * from chain_{{ max_steps }}
{%- endmacro %}

{#- Elsewhere (Spark has no as-of join): the chains and the step-k events in one stream per person and
    funnel, latest first, events before chains at the same time; the least (time, limit) of the events so
    far is each chain's next step. A running window aggregate, no range join, and chain_<k-1> read once:
    Spark inlines CTEs, so a step that read the previous one twice would plan 2^8 copies of chain_1. -#}
{% macro default__funnel_chain_step(k, chain_columns) -%}
    select
        {%- for column in chain_columns %}
        {{ column }},
        {%- endfor %}
        case
            when
                step_{{ k - 1 }}_at is not null
                and {{ funnel_step_within_limits(k, 'next_event.at', 'next_event.max_seconds_from_previous', '') }}
                then next_event.at
        end as step_{{ k }}_at
    from (
        select
            *,
            min(case when is_event = 1 then struct(at, max_seconds_from_previous) end) over (
                partition by person_key, funnel_id
                order by at desc, is_event desc
                rows between unbounded preceding and current row
            ) as next_event
        from (
            select
                {%- for column in chain_columns %}
                {{ column }},
                {%- endfor %}
                step_{{ k - 1 }}_at as at,
                0 as is_event,
                cast(null as bigint) as max_seconds_from_previous
            from chain_{{ k - 1 }}
            union all
            select
                {%- for column in chain_columns %}
                {{ column if column in ('person_key', 'funnel_id') else 'null' }},
                {%- endfor %}
                occurred_at as at,
                1 as is_event,
                max_seconds_from_previous
            from step_{{ k }}_events
        ) as stream
    ) as ranked
    where is_event = 0
{%- endmacro %}
