-- The evidence behind a journey's value at risk: each step of each outcome funnel over the priority
-- window, per segment and 'all' - who reached it, who stopped there, their CLV and the part beyond
-- the step's norm. A node's value_at_risk (journey_priority_scores) is the sum over its steps here.
with steps as (
    select * from {{ ref('priority_funnel_steps') }}
),

funnels as (
    select funnel_id, journey_node_id, name_en, name_de from {{ ref('atlas_funnels') }}
),

touchpoints as (
    select touchpoint_id, name_en, name_de from {{ ref('dim_touchpoints') }}
),

priority_window as (
    select * from {{ ref('int_priority_window') }}
)

select
    steps.funnel_id,
    funnels.journey_node_id as funnel_journey_node_id,
    funnels.name_en as funnel_name_en,
    funnels.name_de as funnel_name_de,
    steps.step_number,
    steps.touchpoint_id,
    touchpoints.name_en as touchpoint_name_en,
    touchpoints.name_de as touchpoint_name_de,
    steps.segment,
    priority_window.window_start_date,
    priority_window.window_end_date,
    steps.step_number = max(steps.step_number) over (partition by steps.funnel_id) as is_outcome_step,
    steps.reached,
    steps.completed,
    steps.dropped,
    {{ step_drop_off_rate('steps.dropped', 'steps.reached',
        'steps.step_number = max(steps.step_number) over (partition by steps.funnel_id)') }} as drop_off_rate,
    steps.expected_next_conversion,
    steps.dropped_above_norm,
    steps.value_at_risk,
    steps.value_at_risk_above_norm
from steps
inner join funnels on steps.funnel_id = funnels.funnel_id
left join touchpoints on steps.touchpoint_id = touchpoints.touchpoint_id
cross join priority_window
