{#- Funnel steps per day and per ISO week (period_grain), every funnel step for every period from the
    first to the last period with data (a period nobody entered shows 0), with the previous period's
    counts and rates beside the current ones and a two-proportion z-test of each conversion change
    (macro two_proportion_z_test). A person counts once per funnel and period with their best chain
    (int_funnel_person_grains); counts are counted by funnel_step_counts as in fct_funnel_steps. -#}
{%- set grains = ['day', 'week'] -%}

with persons as (
    select
        person_key,
        funnel_id,
        period_grain,
        period_start,
        step_1_at,
        level_reached
    from {{ ref('int_funnel_person_grains') }}
    where period_grain in ('day', 'week')
),

counted as (
    {{ funnel_step_counts('persons', ['period_grain', 'period_start']) }}
),

data_days as (
    select
        cast(min(step_1_at) as date) as first_day,
        cast(max(step_1_at) as date) as last_day
    from persons
),

{% for grain in grains %}
spine_{{ grain }} as (
    select
        '{{ grain }}' as period_grain,
        series.period_start
    from (
        {{ period_series(grain,
            "(select min(period_start) from persons where period_grain = '" ~ grain ~ "')",
            "(select max(period_start) from persons where period_grain = '" ~ grain ~ "')") }}
    ) as series
),
{% endfor %}

spine as (
    {%- for grain in grains %}
    select period_grain, period_start from spine_{{ grain }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

steps as (
    select
        steps.funnel_id,
        funnels.journey_node_id,
        steps.step_number,
        steps.touchpoint_id,
        steps.step_number = max(steps.step_number) over (partition by steps.funnel_id) as is_outcome_step
    from {{ ref('atlas_funnel_steps') }} as steps
    inner join {{ ref('atlas_funnels') }} as funnels on steps.funnel_id = funnels.funnel_id
),

filled as (
    select
        spine.period_grain,
        spine.period_start,
        steps.funnel_id,
        steps.journey_node_id,
        steps.step_number,
        steps.touchpoint_id,
        steps.is_outcome_step,
        coalesce(counted.entered, 0) as entered,
        coalesce(counted.reached, 0) as reached,
        coalesce(counted.reached_previous_step, 0) as reached_previous_step,
        coalesce(counted.dropped, 0) as dropped,
        counted.step_conversion_rate,
        counted.conversion_from_step_1,
        counted.drop_off_rate
    from spine
    cross join steps
    left join counted
        on
            spine.period_grain = counted.period_grain
            and spine.period_start = counted.period_start
            and steps.funnel_id = counted.funnel_id
            and steps.step_number = counted.step_number
),

with_previous as (
    select
        cur.*,
        case
            when cur.period_grain = 'week' then {{ previous_period_start('week', 'cur.period_start') }}
            else {{ previous_period_start('day', 'cur.period_start') }}
        end as previous_period_start
    from filled as cur
)

select
    cur.period_grain,
    cur.period_start,
    case
        when cur.period_grain = 'week' then cast({{ dbt.dateadd('day', 6, 'cur.period_start') }} as date)
        else cur.period_start
    end as period_end,
    {{ iso_year('cur.period_start') }} as iso_year,
    {{ iso_week('cur.period_start') }} as iso_week,
    cur.period_start >= data_days.first_day
    and case
        when cur.period_grain = 'week' then cast({{ dbt.dateadd('day', 6, 'cur.period_start') }} as date)
        else cur.period_start
    end <= data_days.last_day as is_complete_period,
    cur.funnel_id,
    cur.journey_node_id,
    cur.step_number,
    cur.touchpoint_id,
    cur.is_outcome_step,
    cur.entered,
    cur.reached,
    cur.reached_previous_step,
    cur.dropped,
    cur.step_conversion_rate,
    cur.conversion_from_step_1,
    cur.drop_off_rate,
    cur.previous_period_start,
    prev.entered as previous_entered,
    prev.reached as previous_reached,
    prev.reached_previous_step as previous_reached_previous_step,
    prev.step_conversion_rate as previous_step_conversion_rate,
    prev.conversion_from_step_1 as previous_conversion_from_step_1,
    cur.step_conversion_rate - prev.step_conversion_rate as step_conversion_change,
    {{ two_proportion_z_test(
        'prev.reached', 'case when cur.step_number = 1 then 0 else prev.reached_previous_step end',
        'cur.reached', 'case when cur.step_number = 1 then 0 else cur.reached_previous_step end',
        'step_conversion') }},
    cur.conversion_from_step_1 - prev.conversion_from_step_1 as conversion_from_step_1_change,
    {{ two_proportion_z_test(
        'prev.reached', 'case when cur.step_number = 1 then 0 else prev.entered end',
        'cur.reached', 'case when cur.step_number = 1 then 0 else cur.entered end',
        'conversion_from_step_1') }}
from with_previous as cur
cross join data_days
left join filled as prev
    on
        cur.period_grain = prev.period_grain
        and cur.previous_period_start = prev.period_start
        and cur.funnel_id = prev.funnel_id
        and cur.step_number = prev.step_number
