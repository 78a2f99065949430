-- Each funnel step over the whole window, all segments and channels: the roll-up of fct_funnel_steps
-- the report and the Dagster UI show (person-months: a person counts once per funnel and month).
with steps as (
    select * from {{ ref('fct_funnel_steps') }}
),

totals as (
    select
        funnel_id,
        journey_node_id,
        step_number,
        touchpoint_id,
        is_outcome_step,
        cast(sum(entered) as bigint) as entered,
        cast(sum(reached) as bigint) as reached,
        cast(sum(dropped) as bigint) as dropped,
        {{ exact_sum('value_reached') }} as value_reached,
        {{ exact_sum('value_at_risk') }} as value_at_risk
    from steps
    group by funnel_id, journey_node_id, step_number, touchpoint_id, is_outcome_step
)

select
    totals.*,
    {{ safe_divide('totals.reached', 'totals.entered') }} as conversion_from_step_1,
    {{ step_drop_off_rate('totals.dropped', 'totals.reached', 'totals.is_outcome_step') }} as drop_off_rate
from totals
