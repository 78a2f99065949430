-- Each funnel step over the priority window, per segment and 'all': persons who reached it, stopped
-- there (their furthest step, not the outcome), the CLV of those (value at risk) and the part beyond
-- the step's norm (atlas_funnel_steps.expected_conversion of the next step). The one home of the
-- per-step figures the journey priority sums (journey_priority_inputs) and the report draws.
-- In the scoring layer because it needs the customers' CLV (clv_customer_predictions).
with segments as (
    select person_key, customer_id from {{ ref('int_person_segments') }}
),

value as (
    select customer_id, clv from {{ ref('clv_customer_predictions') }}
),

funnel_persons as (
    select
        outcomes.funnel_id,
        outcomes.segment,
        outcomes.furthest_step,
        outcomes.is_completed,
        coalesce(value.clv, 0) as clv
    from {{ ref('int_funnel_person_outcomes') }} as outcomes
    left join segments on outcomes.person_key = segments.person_key
    left join value on segments.customer_id = value.customer_id
),

funnel_person_segments as (
    select * from funnel_persons
    union all
    select funnel_id, 'all' as segment, furthest_step, is_completed, clv from funnel_persons
),

steps as (
    select
        funnel_id,
        step_number,
        touchpoint_id,
        lead(expected_conversion) over (partition by funnel_id order by step_number) as expected_next_conversion
    from {{ ref('atlas_funnel_steps') }}
),

step_counts as (
    select
        steps.funnel_id,
        steps.step_number,
        funnel_person_segments.segment,
        max(steps.touchpoint_id) as touchpoint_id,
        max(steps.expected_next_conversion) as expected_next_conversion,
        count(*) as reached,
        cast(sum(case when funnel_person_segments.is_completed then 1 else 0 end) as bigint) as completed,
        cast(sum(case
            when funnel_person_segments.furthest_step = steps.step_number and not funnel_person_segments.is_completed
                then 1
            else 0
        end) as bigint) as dropped,
        {{ exact_sum('case when funnel_person_segments.furthest_step = steps.step_number '
            ~ 'and not funnel_person_segments.is_completed then funnel_person_segments.clv else 0 end') }}
        as value_at_risk
    from steps
    inner join funnel_person_segments
        on
            steps.funnel_id = funnel_person_segments.funnel_id
            and funnel_person_segments.furthest_step >= steps.step_number
    group by steps.funnel_id, steps.step_number, funnel_person_segments.segment
),

step_outcomes as (
    select
        *,
        {{ excess_dropped('dropped', 'reached', 'expected_next_conversion') }} as dropped_above_norm
    from step_counts
)

select
    funnel_id,
    step_number,
    touchpoint_id,
    segment,
    expected_next_conversion,
    cast(reached as bigint) as reached,
    completed,
    dropped,
    dropped_above_norm,
    value_at_risk,
    case when dropped > 0 then value_at_risk * dropped_above_norm / dropped else 0 end as value_at_risk_above_norm
from step_outcomes
