{#- Retention cohorts: persons grouped by the period (ISO week or calendar month) of their first
    purchase or first visit, and for every later period up to the as-of date how many of them did it
    again. A first-purchase cohort is active in a period with an order; a first-visit cohort with a
    clickstream event (int_person_period_activity). Revenue: all orders of the cohort's persons in the
    period, also for first-visit cohorts. -#}
with activity as (
    select * from {{ ref('int_person_period_activity') }}
),

priority_window as (
    select * from {{ ref('int_priority_window') }}
),

by_type as (
    select
        'first_purchase' as cohort_type,
        period_grain,
        person_key,
        period_start,
        purchased as is_active,
        revenue
    from activity
    union all
    select
        'first_visit' as cohort_type,
        period_grain,
        person_key,
        period_start,
        visited as is_active,
        revenue
    from activity
),

members as (
    select
        cohort_type,
        period_grain,
        person_key,
        min(period_start) as cohort_start
    from by_type
    where is_active
    group by cohort_type, period_grain, person_key
),

cohorts as (
    select
        cohort_type,
        period_grain,
        cohort_start,
        count(*) as cohort_size
    from members
    group by cohort_type, period_grain, cohort_start
),

periods as (
    -- every period with any activity, up to the period of the as-of date
    select distinct
        activity.period_grain,
        activity.period_start
    from activity
    cross join priority_window
    where
        activity.period_start <= case activity.period_grain
            when 'week' then {{ period_start('week', 'priority_window.window_end_date') }}
            else {{ period_start('month', 'priority_window.window_end_date') }}
        end
),

member_periods as (
    select
        members.cohort_type,
        members.period_grain,
        members.cohort_start,
        by_type.period_start,
        -- a plain count is a count of persons: int_person_period_activity has one row per person and
        -- period (its unique_combination test) and members one per person and cohort type, so a person
        -- meets each period once (a count(distinct) would hold every group's persons in memory)
        cast(sum(case when by_type.is_active then 1 else 0 end) as bigint) as active_persons,
        {{ exact_sum('by_type.revenue') }} as revenue
    from members
    inner join by_type
        on
            members.cohort_type = by_type.cohort_type
            and members.period_grain = by_type.period_grain
            and members.person_key = by_type.person_key
            and by_type.period_start >= members.cohort_start
    group by members.cohort_type, members.period_grain, members.cohort_start, by_type.period_start
),

grid as (
    select
        cohorts.cohort_type,
        cohorts.period_grain,
        cohorts.cohort_start,
        cohorts.cohort_size,
        periods.period_start,
        case cohorts.period_grain
            when 'week' then {{ periods_between('week', 'cohorts.cohort_start', 'periods.period_start') }}
            else {{ periods_between('month', 'cohorts.cohort_start', 'periods.period_start') }}
        end as period_offset
    from cohorts
    inner join periods
        on
            cohorts.period_grain = periods.period_grain
            and periods.period_start >= cohorts.cohort_start
),

filled as (
    select
        grid.cohort_type,
        grid.period_grain,
        grid.cohort_start,
        grid.period_start,
        grid.period_offset,
        grid.cohort_size,
        coalesce(member_periods.active_persons, 0) as active_persons,
        coalesce(member_periods.revenue, 0) as revenue
    from grid
    left join member_periods
        on
            grid.cohort_type = member_periods.cohort_type
            and grid.period_grain = member_periods.period_grain
            and grid.cohort_start = member_periods.cohort_start
            and grid.period_start = member_periods.period_start
)

select
    cohort_type,
    period_grain,
    cohort_start,
    period_start,
    cast(period_offset as integer) as period_offset,
    cast(cohort_size as bigint) as cohort_size,
    cast(active_persons as bigint) as active_persons,
    {{ real_number('active_persons * 1.0') }} / cohort_size as retained_share,
    revenue,
    {{ safe_divide('revenue', 'max(case when period_offset = 0 then revenue end) over (partition by cohort_type, period_grain, cohort_start)') }}
    as revenue_retained_share
from filled
