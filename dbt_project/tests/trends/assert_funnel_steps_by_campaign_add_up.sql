-- fct_funnel_steps_by_campaign splits the same person-months as fct_funnel_steps: per funnel, step and
-- month, entered, reached and dropped summed over device and traffic equal fct_funnel_steps summed over
-- segment and channel. A row here is a difference (the two picked different best chains or counted apart).
{{ config(meta={'dagster': {'ref': {'name': 'fct_funnel_steps_by_campaign'}}}) }}  {#- the asset this check belongs to in Dagster -#}
with by_campaign as (
    select
        funnel_id,
        step_number,
        period_month,
        sum(entered) as entered,
        sum(reached) as reached,
        sum(dropped) as dropped
    from {{ ref('fct_funnel_steps_by_campaign') }}
    group by funnel_id, step_number, period_month
),

by_segment as (
    select
        funnel_id,
        step_number,
        period_month,
        sum(entered) as entered,
        sum(reached) as reached,
        sum(dropped) as dropped
    from {{ ref('fct_funnel_steps') }}
    group by funnel_id, step_number, period_month
)

select
    coalesce(by_campaign.funnel_id, by_segment.funnel_id) as funnel_id,
    coalesce(by_campaign.step_number, by_segment.step_number) as step_number,
    coalesce(by_campaign.period_month, by_segment.period_month) as period_month,
    by_campaign.reached as reached_by_campaign,
    by_segment.reached as reached_by_segment
from by_campaign
full outer join by_segment
    on
        by_campaign.funnel_id = by_segment.funnel_id
        and by_campaign.step_number = by_segment.step_number
        and by_campaign.period_month = by_segment.period_month
where
    by_campaign.entered is distinct from by_segment.entered
    or by_campaign.reached is distinct from by_segment.reached
    or by_campaign.dropped is distinct from by_segment.dropped
