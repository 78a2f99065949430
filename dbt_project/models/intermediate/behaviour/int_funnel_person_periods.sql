{#- A person's best chain per funnel and calendar month of its step-1 event: the furthest level,
    ties to the earliest start. This is the unit fct_funnel_steps counts. -#}
{%- set max_steps = var('funnel_max_steps') -%}

with chains as (
    select * from {{ ref('int_funnel_chains') }}
),

segments as (
    select person_key, segment from {{ ref('int_person_segments') }}
),

ranked as (
    select
        chains.*,
        {{ dbt.date_trunc('month', 'chains.step_1_at') }} as period_month,
        {{ funnel_best_chain_rank('chains', dbt.date_trunc('month', 'chains.step_1_at')) }} as chain_rank
    from chains
)

select
    ranked.person_key,
    ranked.funnel_id,
    cast(ranked.period_month as date) as period_month,
    coalesce(segments.segment, 'anonymous') as segment,
    ranked.entry_channel as channel,
    ranked.level_reached,
    {%- for j in range(1, max_steps + 1) %}
    ranked.step_{{ j }}_at{% if not loop.last %},{% endif %}
    {%- endfor %}
from ranked
left join segments on ranked.person_key = segments.person_key
where ranked.chain_rank = 1
