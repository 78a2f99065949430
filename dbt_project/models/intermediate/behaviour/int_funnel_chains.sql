{#- Funnel semantics (those of ClickHouse windowFunnel(window), default mode):
    every step-1 event starts a chain; step k+1 is the earliest step-(k+1) event at or after the
    time of step k (timestamps non-decreasing, ties allowed) and at most window_seconds after the
    step-1 event (the bound is inclusive). Picking the earliest candidate at each step is optimal:
    any longer chain could swap in the earlier event. In strict-order funnels the step-(k+1) event
    must also be the person's very next event of that funnel (no other step event in between).
    One row per step-1 event with the times of the steps reached. -#}
{%- set max_steps = var('funnel_max_steps') -%}

with step_events as (
    select * from {{ ref('int_funnel_step_events') }}
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
        step_events.funnel_seq as seq_1,
        {{ dbt.dateadd('second', 'funnels.window_seconds', 'step_events.occurred_at') }} as window_ends_at,
        funnels.strict_order
    from step_events
    inner join funnels on step_events.funnel_id = funnels.funnel_id
    where step_events.step_number = 1
),

{#- Step k of a chain: the earliest step-k event at or after step k-1. Ordinary funnels find it with an
    as-of join (one sorted merge per step, no range join); strict-order funnels need the person's very next
    funnel event, an equality join on its sequence number. A chain past its window keeps step k empty;
    only chains that reached step k-1 are joined at all. -#}
{% for k in range(2, max_steps + 1) %}
step_{{ k }}_events as (
    select
        person_key,
        funnel_id,
        occurred_at,
        funnel_seq
    from step_events
    where step_number = {{ k }}
),

chain_{{ k }} as (
    -- a chain that stopped before step k-1 carries on as it is (no join)
    select
        chain.*,
        cast(null as timestamp) as step_{{ k }}_at,
        cast(null as bigint) as seq_{{ k }}
    from chain_{{ k - 1 }} as chain
    where chain.step_{{ k - 1 }}_at is null

    union all by name

    select
        chain.*,
        case when next_step.occurred_at <= chain.window_ends_at then next_step.occurred_at end as step_{{ k }}_at,
        case when next_step.occurred_at <= chain.window_ends_at then next_step.funnel_seq end as seq_{{ k }}
    from chain_{{ k - 1 }} as chain
    asof left join step_{{ k }}_events as next_step
        on
            chain.person_key = next_step.person_key
            and chain.funnel_id = next_step.funnel_id
            and chain.step_{{ k - 1 }}_at <= next_step.occurred_at
    where chain.step_{{ k - 1 }}_at is not null and not chain.strict_order

    union all by name

    select
        chain.*,
        next_step.occurred_at as step_{{ k }}_at,
        next_step.funnel_seq as seq_{{ k }}
    from chain_{{ k - 1 }} as chain
    left join step_{{ k }}_events as next_step
        on
            chain.person_key = next_step.person_key
            and chain.funnel_id = next_step.funnel_id
            and next_step.funnel_seq = chain.seq_{{ k - 1 }} + 1
            and next_step.occurred_at >= chain.step_{{ k - 1 }}_at
            and next_step.occurred_at <= chain.window_ends_at
    where chain.step_{{ k - 1 }}_at is not null and chain.strict_order
),
{% endfor %}

final as (
    select
        person_key,
        funnel_id,
        start_event_id,
        entry_channel,
        {%- for j in range(1, max_steps + 1) %}
        step_{{ j }}_at,
        {%- endfor %}
        (
            {%- for j in range(1, max_steps + 1) %}
            case when step_{{ j }}_at is not null then 1 else 0 end{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as level_reached
    from chain_{{ max_steps }}
)

select * from final
