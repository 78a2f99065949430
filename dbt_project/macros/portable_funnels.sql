{#- The as-of join of int_funnel_chains: each chain of `chain_relation` (columns person_key, funnel_id,
    start_event_id and `previous_at`) with the earliest event of `step_relation` (person_key, funnel_id,
    occurred_at, max_seconds_from_previous) of the same person and funnel at or after `previous_at`, as
    relation `next_step` (no such event: nulls). Renders the FROM clause: `<chain_relation> as chain
    <join> as next_step`. -#}
{% macro next_step_join(chain_relation, step_relation, previous_at) -%}
    {{ return(adapter.dispatch('next_step_join', 'journey_warehouse')(chain_relation, step_relation, previous_at)) }}
{%- endmacro %}

{#- DuckDB: an as-of join, one sorted merge per step. -#}
{% macro duckdb__next_step_join(chain_relation, step_relation, previous_at) -%}
    {{ chain_relation }} as chain
    asof left join {{ step_relation }} as next_step
        on
            chain.person_key = next_step.person_key
            and chain.funnel_id = next_step.funnel_id
            and chain.{{ previous_at }} <= next_step.occurred_at
{%- endmacro %}

{#- Elsewhere (Spark has no as-of join): chains and step events in one stream per person and funnel,
    latest first, events before chains at the same time; the least (time, limit) of the events so far
    is each chain's next step. A running window aggregate, no range join. -#}
{% macro default__next_step_join(chain_relation, step_relation, previous_at) -%}
    {{ chain_relation }} as chain
    left join (
        select
            person_key,
            funnel_id,
            start_event_id,
            next_event.at as occurred_at,
            next_event.max_seconds_from_previous
        from (
            select
                person_key,
                funnel_id,
                start_event_id,
                is_event,
                min(case when is_event = 1 then struct(at, max_seconds_from_previous) end) over (
                    partition by person_key, funnel_id
                    order by at desc, is_event desc
                    rows between unbounded preceding and current row
                ) as next_event
            from (
                select
                    person_key,
                    funnel_id,
                    start_event_id,
                    {{ previous_at }} as at,
                    0 as is_event,
                    cast(null as bigint) as max_seconds_from_previous
                from {{ chain_relation }}
                where {{ previous_at }} is not null
                union all
                select
                    person_key,
                    funnel_id,
                    cast(null as string) as start_event_id,
                    occurred_at as at,
                    1 as is_event,
                    max_seconds_from_previous
                from {{ step_relation }}
            ) as stream
        ) as ranked
        where is_event = 0
    ) as next_step
        on
            chain.person_key = next_step.person_key
            and chain.funnel_id = next_step.funnel_id
            and chain.start_event_id = next_step.start_event_id
{%- endmacro %}
