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

{% for k in range(2, max_steps + 1) %}
chain_{{ k }} as (
    select
        chain.person_key,
        chain.funnel_id,
        chain.start_event_id,
        chain.entry_channel,
        chain.window_ends_at,
        chain.strict_order,
        {%- for j in range(1, k) %}
        chain.step_{{ j }}_at,
        chain.seq_{{ j }},
        {%- endfor %}
        min(step_events.occurred_at) as step_{{ k }}_at,
        min(step_events.funnel_seq) as seq_{{ k }}
    from chain_{{ k - 1 }} as chain
    left join step_events
        on
            chain.person_key = step_events.person_key
            and chain.funnel_id = step_events.funnel_id
            and step_events.step_number = {{ k }}
            and step_events.occurred_at >= chain.step_{{ k - 1 }}_at
            and step_events.occurred_at <= chain.window_ends_at
            and (not chain.strict_order or step_events.funnel_seq = chain.seq_{{ k - 1 }} + 1)
    group by
        chain.person_key, chain.funnel_id, chain.start_event_id, chain.entry_channel, chain.window_ends_at,
        chain.strict_order{% for j in range(1, k) %}, chain.step_{{ j }}_at, chain.seq_{{ j }}{% endfor %}
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
