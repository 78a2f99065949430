{#- Funnel semantics (docs/definitions.md "Funnel"). Without per-step limits, exclusions or strict order
    they are those of ClickHouse windowFunnel(window): every step-1 event starts a chain; step k+1 is the
    earliest step-(k+1) event at or after the time of step k (ties allowed) and at most window_seconds
    after the step-1 event (inclusive). Picking the earliest candidate at each step is optimal: any
    longer chain could swap in the earlier event.
    - Per-step limit (atlas_funnel_steps.max_seconds_from_previous): the earliest candidate must also be
      at most that many seconds after the previous step (inclusive), else the chain stops there.
    - Strict order (windowFunnel(window, 'strict_order'), read per person, funnel and month of the
      step-1 event): the person's funnel events in the order (time, step number) from the period's
      first step-1 event on; the first step-k event (k >= 3) at a time when no chain of the period had
      yet reached step k-1 is out of order and ends the period: chain steps at or after it are dropped
      (a start after it stays at step 1).
    - Exclusions (atlas_funnel_exclusions): an exclusion event strictly between step k and step k+1 of
      a chain (after step k and, if step k+1 was not reached, up to the end of the window) removes the
      chain; an exclusion at the same time as a step does not count.
    One row per remaining step-1 event with the times of the steps reached. -#}
{%- set max_steps = var('funnel_max_steps') -%}
{#- chain_1's columns; chain_k adds step_2_at ... step_k_at -#}
{%- set chain_columns = ['person_key', 'funnel_id', 'start_event_id', 'entry_channel', 'step_1_at', 'window_ends_at', 'strict_order'] -%}

with step_events as (
    select * from {{ ref('int_funnel_step_events') }}
),

exclusion_events as (
    select * from {{ ref('int_funnel_exclusion_events') }}
),

funnels as (
    select funnel_id, window_seconds, strict_order from {{ ref('atlas_funnels') }}
),

chain_1 as (
    select
        step_events.person_key,
        step_events.funnel_id,
        step_events.event_id as start_event_id,
        step_events.channel as entry_channel,
        step_events.occurred_at as step_1_at,
        {{ dbt.dateadd('second', 'funnels.window_seconds', 'step_events.occurred_at') }} as window_ends_at,
        funnels.strict_order
    from step_events
    inner join funnels on step_events.funnel_id = funnels.funnel_id
    where step_events.step_number = 1
),

{#- Step k of a chain: the earliest step-k event at or after step k-1, found with an as-of join (macro
    funnel_chain_step: one sorted merge per step on DuckDB, a running window on Spark; no range join). A
    chain past its window or its step limit keeps step k empty; only chains that reached step k-1 are
    joined at all. On DuckDB chain_k holds only the chains that reached step k-1 (a chain that stopped
    is not carried through the later steps); all_chains (macro funnel_all_chains) has every chain with
    all its steps on both engines. -#}
{% for k in range(2, max_steps + 1) %}
step_{{ k }}_events as (
    select
        person_key,
        funnel_id,
        occurred_at,
        max_seconds_from_previous
    from step_events
    where step_number = {{ k }}
),

chain_{{ k }} as (
    {{ funnel_chain_step(k, chain_columns) }}
),
{% endfor %}

all_chains as (
    {{ funnel_all_chains(max_steps) }}
),

{# Strict order, per person, funnel and month of the step-1 event: when each step was first reached
    by a chain of the period, and the period's first out-of-order event (time, then step number). #}
strict_chains as (
    select
        *,
        {{ dbt.date_trunc('month', 'step_1_at') }} as period_month
    from all_chains
    where strict_order
),

strict_periods as (
    select
        person_key,
        funnel_id,
        period_month,
        {%- for j in range(2, max_steps) %}
        min(step_{{ j }}_at) as first_reached_{{ j }}_at,
        {%- endfor %}
        min(step_1_at) as first_start_at
    from strict_chains
    group by person_key, funnel_id, period_month
),

out_of_order as (
    select
        strict_periods.person_key,
        strict_periods.funnel_id,
        strict_periods.period_month,
        step_events.occurred_at as stop_at,
        step_events.step_number as stop_step_number,
        row_number() over (
            partition by strict_periods.person_key, strict_periods.funnel_id, strict_periods.period_month
            order by step_events.occurred_at, step_events.step_number
        ) as stop_rank
    from strict_periods
    inner join step_events
        on
            strict_periods.person_key = step_events.person_key
            and strict_periods.funnel_id = step_events.funnel_id
            and step_events.occurred_at >= strict_periods.first_start_at
    where
        step_events.step_number >= 3
        and coalesce(
            case
                {%- for j in range(3, max_steps + 1) %}
                when step_events.step_number = {{ j }} then strict_periods.first_reached_{{ j - 1 }}_at
                {%- endfor %}
            end > step_events.occurred_at,
            true
        )
),

strict_truncated as (
    select
        {%- set replaced = ['period_month'] %}{% for j in range(2, max_steps + 1) %}{% do replaced.append('step_' ~ j ~ '_at') %}{% endfor %}
        {{ star_except(replaced, 'strict_chains') }},
        {%- for j in range(2, max_steps + 1) %}
        case
            when
                out_of_order.stop_at is null
                or strict_chains.step_{{ j }}_at < out_of_order.stop_at
                or (strict_chains.step_{{ j }}_at = out_of_order.stop_at and out_of_order.stop_step_number > {{ j }})
                then strict_chains.step_{{ j }}_at
        end as step_{{ j }}_at{% if not loop.last %},{% endif %}
        {%- endfor %}
    from strict_chains
    left join out_of_order
        on
            strict_chains.person_key = out_of_order.person_key
            and strict_chains.funnel_id = out_of_order.funnel_id
            and strict_chains.period_month = out_of_order.period_month
            and out_of_order.stop_rank = 1
),

chains as (
    select * from all_chains
    where not strict_order

    union all  -- the same columns in the same order

    select * from strict_truncated
),

{# an exclusion event between step k and k+1 (strictly; up to the window's end if k+1 was not reached) #}
excluded as (
    select distinct
        chains.person_key,
        chains.funnel_id,
        chains.start_event_id
    from chains
    inner join exclusion_events
        on
            chains.person_key = exclusion_events.person_key
            and chains.funnel_id = exclusion_events.funnel_id
    where
        case
            {%- for j in range(1, max_steps) %}
            when exclusion_events.after_step_number = {{ j }}
                then
                    chains.step_{{ j }}_at < exclusion_events.occurred_at
                    and (
                        exclusion_events.occurred_at < chains.step_{{ j + 1 }}_at
                        or (chains.step_{{ j + 1 }}_at is null and exclusion_events.occurred_at <= chains.window_ends_at)
                    )
            {%- endfor %}
            else false
        end
),

final as (
    select
        chains.person_key,
        chains.funnel_id,
        chains.start_event_id,
        chains.entry_channel,
        {%- for j in range(1, max_steps + 1) %}
        chains.step_{{ j }}_at,
        {%- endfor %}
        (
            {%- for j in range(1, max_steps + 1) %}
            case when chains.step_{{ j }}_at is not null then 1 else 0 end{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as level_reached
    from chains
    left join excluded
        on
            chains.person_key = excluded.person_key
            and chains.funnel_id = excluded.funnel_id
            and chains.start_event_id = excluded.start_event_id
    where excluded.start_event_id is null
)

select * from final
