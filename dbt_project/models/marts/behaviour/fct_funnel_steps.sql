{#- Funnel drop-off per journey × step × month × segment × entry channel. A person counts once per
    funnel and month with their best chain (int_funnel_person_periods) and stops at its furthest
    step; counts and values at risk add up across steps, segments and channels, rates must be
    recomputed from the counts when rolling up. -#}
{%- set max_steps = var('funnel_max_steps') -%}

with person_periods as (
    select
        periods.*,
        coalesce(value.clv, 0) as clv
    from {{ ref('int_funnel_person_periods') }} as periods
    left join {{ ref('int_person_segments') }} as persons on periods.person_key = persons.person_key
    left join {{ ref('clv_customer_predictions') }} as value on persons.customer_id = value.customer_id
),

funnels as (
    select * from {{ ref('atlas_funnels') }}
),

steps as (
    select * from {{ ref('atlas_funnel_steps') }}
),

step_reached as (
    {%- for k in range(1, max_steps + 1) %}
    select
        funnel_id,
        period_month,
        segment,
        channel,
        person_key,
        {{ k }} as step_number,
        level_reached,
        clv,
        {% if k > 1 %}{{ dbt.datediff('step_' ~ (k - 1) ~ '_at', 'step_' ~ k ~ '_at', 'second') }}{% else %}0{% endif %}
        as seconds_from_previous,
        {{ dbt.datediff('step_1_at', 'step_' ~ k ~ '_at', 'second') }} as seconds_from_step_1
    from person_periods
    where level_reached >= {{ k }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

entered as (
    select funnel_id, period_month, segment, channel, count(*) as entered
    from person_periods
    group by funnel_id, period_month, segment, channel
),

per_step as (
    select
        funnel_id,
        period_month,
        segment,
        channel,
        step_number,
        count(*) as reached,
        sum(case when level_reached > step_number then 1 else 0 end) as reached_next,
        {{ exact_sum('clv') }} as value_reached,
        {{ exact_sum('case when level_reached = step_number then clv else 0 end') }} as value_stopped
    from step_reached
    group by funnel_id, period_month, segment, channel, step_number
),

-- the time percentiles from one row per distinct number of seconds in each group, by a sorted pass
-- (macro percentiles_from_counts: quantile_cont's values without holding a group's values in memory)
{%- set step_group = ['funnel_id', 'period_month', 'segment', 'channel', 'step_number'] %}
{%- for measure in ['seconds_from_previous', 'seconds_from_step_1'] %}

{{ measure }}_values as (
    select
        {{ step_group | join(', ') }},
        {{ measure }},
        count(*) as persons
    from step_reached
    where {{ measure }} is not null
    group by {{ step_group | join(', ') }}, {{ measure }}
),

{{ measure }}_percentiles as (
    {{ percentiles_from_counts(
        measure ~ '_values', step_group, measure, 'persons',
        {'median_' ~ measure: 0.5, 'p90_' ~ measure: 0.9}
    ) }}
),
{%- endfor %}

grid as (
    -- every step of every funnel for each group that entered it, so zero-reach steps show as 0
    select
        entered.funnel_id,
        entered.period_month,
        entered.segment,
        entered.channel,
        entered.entered,
        steps.step_number,
        steps.touchpoint_id,
        max(steps.step_number) over (partition by steps.funnel_id) as last_step_number
    from entered
    inner join steps on entered.funnel_id = steps.funnel_id
),

counted as (
    select
        grid.*,
        coalesce(per_step.reached, 0) as reached,
        coalesce(per_step.reached_next, 0) as reached_next,
        coalesce(per_step.value_reached, 0) as value_reached,
        coalesce(per_step.value_stopped, 0) as value_stopped,
        lag(coalesce(per_step.reached, 0)) over (
            partition by grid.funnel_id, grid.period_month, grid.segment, grid.channel order by grid.step_number
        ) as reached_previous,
        seconds_from_previous_percentiles.median_seconds_from_previous,
        seconds_from_previous_percentiles.p90_seconds_from_previous,
        seconds_from_step_1_percentiles.median_seconds_from_step_1,
        seconds_from_step_1_percentiles.p90_seconds_from_step_1
    from grid
    left join per_step
        on
            grid.funnel_id = per_step.funnel_id
            and grid.period_month = per_step.period_month
            and grid.segment = per_step.segment
            and grid.channel = per_step.channel
            and grid.step_number = per_step.step_number
    left join seconds_from_previous_percentiles
        on
            grid.funnel_id = seconds_from_previous_percentiles.funnel_id
            and grid.period_month = seconds_from_previous_percentiles.period_month
            and grid.segment = seconds_from_previous_percentiles.segment
            and grid.channel = seconds_from_previous_percentiles.channel
            and grid.step_number = seconds_from_previous_percentiles.step_number
    left join seconds_from_step_1_percentiles
        on
            grid.funnel_id = seconds_from_step_1_percentiles.funnel_id
            and grid.period_month = seconds_from_step_1_percentiles.period_month
            and grid.segment = seconds_from_step_1_percentiles.segment
            and grid.channel = seconds_from_step_1_percentiles.channel
            and grid.step_number = seconds_from_step_1_percentiles.step_number
)

select
    counted.funnel_id,
    funnels.journey_node_id,
    counted.step_number,
    counted.touchpoint_id,
    counted.period_month,
    counted.segment,
    counted.channel,
    counted.entered,
    counted.reached,
    cast(
        case when counted.step_number = counted.last_step_number then 0 else counted.reached - counted.reached_next end
        as bigint
    ) as dropped,
    case
        when counted.step_number = 1 then 1.0
        else {{ safe_divide('counted.reached', 'counted.reached_previous') }}
    end as step_conversion_rate,
    {{ safe_divide('counted.reached', 'counted.entered') }} as conversion_from_step_1,
    {{ step_drop_off_rate('counted.reached - counted.reached_next', 'counted.reached',
        'counted.step_number = counted.last_step_number') }} as drop_off_rate,
    counted.step_number = counted.last_step_number as is_outcome_step,
    counted.value_reached,
    case when counted.step_number = counted.last_step_number then 0 else counted.value_stopped end as value_at_risk,
    counted.median_seconds_from_previous,
    counted.p90_seconds_from_previous,
    counted.median_seconds_from_step_1,
    counted.p90_seconds_from_step_1
from counted
inner join funnels on counted.funnel_id = funnels.funnel_id
