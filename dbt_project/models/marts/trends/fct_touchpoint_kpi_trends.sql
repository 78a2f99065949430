{#- Touchpoint KPIs per day and per ISO week (period_grain), all channels and segments together, for every
    period from the first to the last date with data, with the previous period beside the current one
    and two-proportion z-tests of the changes in progression and exit rate (macro two_proportion_z_test).
    Counts are sums of fct_touchpoint_kpis_daily (its definitions; no recount): a week's sessions are
    session-days, a session crossing midnight UTC counts on both dates as it does there. -#}
{%- set grains = ['day', 'week'] -%}

with daily as (
    select * from {{ ref('fct_touchpoint_kpis_daily') }}
),

successors as (
    select distinct touchpoint_id from {{ ref('int_touchpoint_successors') }}
),

{% for grain in grains %}
per_{{ grain }} as (
    select
        '{{ grain }}' as period_grain,
        {{ period_start(grain, 'kpi_date') }} as period_start,
        touchpoint_id,
        sum(events) as events,
        sum(sessions) as sessions,
        sum(entries) as entries,
        sum(exits) as exits,
        sum(progressed_sessions) as progressed_sessions,
        sum(feedback_responses) as feedback_responses
    from daily
    group by {{ period_start(grain, 'kpi_date') }}, touchpoint_id
),

spine_{{ grain }} as (
    select
        '{{ grain }}' as period_grain,
        series.period_start
    from (
        {{ period_series(grain,
            "(select min(period_start) from per_" ~ grain ~ ")",
            "(select max(period_start) from per_" ~ grain ~ ")") }}
    ) as series
),
{% endfor %}

periods as (
    {%- for grain in grains %}
    select * from per_{{ grain }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

spine as (
    {%- for grain in grains %}
    select period_grain, period_start from spine_{{ grain }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

touchpoints as (
    select distinct touchpoint_id from daily
),

data_days as (
    select
        min(kpi_date) as first_day,
        max(kpi_date) as last_day
    from daily
),

filled as (
    select
        spine.period_grain,
        spine.period_start,
        touchpoints.touchpoint_id,
        touchpoints.touchpoint_id in (select successors.touchpoint_id from successors) as has_successors,
        cast(coalesce(periods.events, 0) as bigint) as events,
        cast(coalesce(periods.sessions, 0) as bigint) as sessions,
        cast(coalesce(periods.entries, 0) as bigint) as entries,
        cast(coalesce(periods.exits, 0) as bigint) as exits,
        cast(coalesce(periods.progressed_sessions, 0) as bigint) as progressed_sessions,
        cast(coalesce(periods.feedback_responses, 0) as bigint) as feedback_responses
    from spine
    cross join touchpoints
    left join periods
        on
            spine.period_grain = periods.period_grain
            and spine.period_start = periods.period_start
            and touchpoints.touchpoint_id = periods.touchpoint_id
),

rated as (
    select
        *,
        {{ safe_divide('exits', 'sessions') }} as exit_rate,
        case when has_successors then {{ safe_divide('progressed_sessions', 'sessions') }} end as progression_rate,
        case
            when period_grain = 'week' then {{ previous_period_start('week', 'period_start') }}
            else {{ previous_period_start('day', 'period_start') }}
        end as previous_period_start
    from filled
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
    cur.touchpoint_id,
    cur.events,
    cur.sessions,
    cur.entries,
    cur.exits,
    cur.exit_rate,
    cur.progressed_sessions,
    cur.progression_rate,
    cur.feedback_responses,
    cur.previous_period_start,
    prev.sessions as previous_sessions,
    prev.exits as previous_exits,
    prev.exit_rate as previous_exit_rate,
    prev.progressed_sessions as previous_progressed_sessions,
    prev.progression_rate as previous_progression_rate,
    cur.progression_rate - prev.progression_rate as progression_rate_change,
    {{ two_proportion_z_test(
        'prev.progressed_sessions', 'case when cur.has_successors then prev.sessions end',
        'cur.progressed_sessions', 'case when cur.has_successors then cur.sessions end',
        'progression') }},
    cur.exit_rate - prev.exit_rate as exit_rate_change,
    {{ two_proportion_z_test('prev.exits', 'prev.sessions', 'cur.exits', 'cur.sessions', 'exit') }}
from rated as cur
cross join data_days
left join rated as prev
    on
        cur.period_grain = prev.period_grain
        and cur.previous_period_start = prev.period_start
        and cur.touchpoint_id = prev.touchpoint_id
