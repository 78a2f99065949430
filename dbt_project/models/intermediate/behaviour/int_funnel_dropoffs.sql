{#- Every funnel drop-off with its time: a person whose best chain of a month (int_funnel_person_periods,
    the unit fct_funnel_steps counts) stopped before the funnel's last step dropped at the last step
    reached, at the time of that step. The one home of that rule: fct_funnel_dropoff_next, the path and
    contact analyses read it here. -#}
{%- set max_steps = var('funnel_max_steps') -%}

with periods as (
    select * from {{ ref('int_funnel_person_periods') }}
),

funnels as (
    select funnel_id, window_seconds from {{ ref('atlas_funnels') }}
),

steps as (
    select funnel_id, step_number, touchpoint_id from {{ ref('atlas_funnel_steps') }}
),

last_steps as (
    select funnel_id, max(step_number) as last_step
    from steps
    group by funnel_id
),

dropped as (
    select
        periods.person_key,
        periods.funnel_id,
        periods.period_month,
        periods.segment,
        periods.level_reached as dropped_at_step,
        case periods.level_reached
            {%- for j in range(1, max_steps + 1) %}
            when {{ j }} then periods.step_{{ j }}_at
            {%- endfor %}
        end as dropped_at,
        funnels.window_seconds
    from periods
    inner join funnels on periods.funnel_id = funnels.funnel_id
    inner join last_steps on periods.funnel_id = last_steps.funnel_id
    where periods.level_reached < last_steps.last_step
)

select
    dropped.person_key,
    dropped.funnel_id,
    dropped.period_month,
    dropped.segment,
    dropped.dropped_at_step,
    steps.touchpoint_id as dropped_touchpoint_id,
    dropped.dropped_at,
    dropped.window_seconds,
    {{ dbt.dateadd('second', 'dropped.window_seconds', 'dropped.dropped_at') }} as window_ends_at
from dropped
inner join steps on dropped.funnel_id = steps.funnel_id and dropped.dropped_at_step = steps.step_number
