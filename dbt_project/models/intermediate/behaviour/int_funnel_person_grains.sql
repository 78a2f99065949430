{#- A person's best chain per funnel and day, ISO week and calendar month of its step-1 event (UTC),
    picked by the same rule as int_funnel_person_periods (macro funnel_best_chain_rank: the furthest
    level, ties to the earliest start), with the chain's step-1 event: the unit the trend and campaign
    marts count (fct_funnel_step_trends, fct_funnel_steps_by_campaign). -#}
with chains as (
    select
        person_key,
        funnel_id,
        start_event_id,
        step_1_at,
        level_reached
    from {{ ref('int_funnel_chains') }}
),

{% for grain in ['day', 'week', 'month'] %}
best_per_{{ grain }} as (
    select
        chains.person_key,
        chains.funnel_id,
        '{{ grain }}' as period_grain,
        {{ period_start(grain, 'chains.step_1_at') }} as period_start,
        chains.start_event_id,
        chains.step_1_at,
        chains.level_reached
    from chains
    qualify {{ funnel_best_chain_rank('chains', period_start(grain, 'chains.step_1_at')) }} = 1
){% if not loop.last %},{% endif %}
{% endfor %}

select * from best_per_day
union all
select * from best_per_week
union all
select * from best_per_month
