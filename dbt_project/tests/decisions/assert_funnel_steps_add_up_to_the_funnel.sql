{#- The steps of a funnel add up to the funnel's value at risk: per funnel, month, segment and channel
    the steps' value at risk equals the CLV of the persons whose best chain that month stopped before
    the last step, recomputed here from the person-months and the CLV predictions. -#}
{{ config(meta={'dagster': {'ref': {'name': 'fct_funnel_steps'}}}) }}  {#- the asset this check belongs to in Dagster -#}
with steps as (
    select
        funnel_id,
        period_month,
        segment,
        channel,
        sum(value_at_risk) as steps_value_at_risk,
        sum(dropped) as steps_dropped
    from {{ ref('fct_funnel_steps') }}
    group by funnel_id, period_month, segment, channel
),

last_steps as (
    select funnel_id, max(step_number) as last_step_number
    from {{ ref('atlas_funnel_steps') }}
    group by funnel_id
),

persons as (
    select
        periods.funnel_id,
        periods.period_month,
        periods.segment,
        periods.channel,
        sum(case when periods.level_reached < last_steps.last_step_number then coalesce(value.clv, 0) else 0 end)
        as funnel_value_at_risk,
        sum(case when periods.level_reached < last_steps.last_step_number then 1 else 0 end) as funnel_dropped
    from {{ ref('int_funnel_person_periods') }} as periods
    inner join last_steps on periods.funnel_id = last_steps.funnel_id
    left join {{ ref('int_person_segments') }} as people on periods.person_key = people.person_key
    left join {{ ref('clv_customer_predictions') }} as value on people.customer_id = value.customer_id
    group by periods.funnel_id, periods.period_month, periods.segment, periods.channel
)

select
    persons.*,
    steps.steps_value_at_risk,
    steps.steps_dropped
from persons
full outer join steps
    on
        persons.funnel_id = steps.funnel_id
        and persons.period_month = steps.period_month
        and persons.segment = steps.segment
        and persons.channel is not distinct from steps.channel
where
    steps.funnel_id is null
    or persons.funnel_id is null
    or persons.funnel_dropped <> steps.steps_dropped
    or abs(persons.funnel_value_at_risk - steps.steps_value_at_risk) > 0.01
