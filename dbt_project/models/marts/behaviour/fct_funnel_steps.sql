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
        {{ exact_sum('case when level_reached = step_number then clv else 0 end') }} as value_stopped,
        {{ percentile('seconds_from_previous', 0.5) }} as median_seconds_from_previous,
        {{ percentile('seconds_from_previous', 0.9) }} as p90_seconds_from_previous,
        {{ percentile('seconds_from_step_1', 0.5) }} as median_seconds_from_step_1,
        {{ percentile('seconds_from_step_1', 0.9) }} as p90_seconds_from_step_1
    from step_reached
    group by funnel_id, period_month, segment, channel, step_number
),

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
        per_step.median_seconds_from_previous,
        per_step.p90_seconds_from_previous,
        per_step.median_seconds_from_step_1,
        per_step.p90_seconds_from_step_1
    from grid
    left join per_step
        on
            grid.funnel_id = per_step.funnel_id
            and grid.period_month = per_step.period_month
            and grid.segment = per_step.segment
            and grid.channel = per_step.channel
            and grid.step_number = per_step.step_number
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
