{#- Each person's outcome per funnel in the priority window (int_priority_window): the furthest step
    reached by a chain that started in the window (int_funnel_person_periods), and whether that is the
    funnel's last step, the outcome. A person who entered and did not reach the outcome "stopped" at
    their furthest step: the one place their drop-off is attributed to, so drop-offs and their value
    add up along the atlas. -#}
with periods as (
    select * from {{ ref('int_funnel_person_periods') }}
),

priority_window as (
    select * from {{ ref('int_priority_window') }}
),

last_steps as (
    select funnel_id, max(step_number) as last_step_number
    from {{ ref('atlas_funnel_steps') }}
    group by funnel_id
)

select
    periods.person_key,
    periods.funnel_id,
    max(periods.segment) as segment,
    max(periods.level_reached) as furthest_step,
    max(last_steps.last_step_number) as last_step_number,
    max(periods.level_reached) >= max(last_steps.last_step_number) as is_completed
from periods
inner join last_steps on periods.funnel_id = last_steps.funnel_id
cross join priority_window
where cast(periods.step_1_at as date) between priority_window.window_start_date and priority_window.window_end_date
group by periods.person_key, periods.funnel_id
