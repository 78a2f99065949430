-- Behaviour and voice KPIs per date × touchpoint × channel × segment.
-- Visitors, sessions and known customers are distinct counts at this grain: they do not add up
-- across touchpoints or days; roll-ups to journeys must recount from fct_journey_events (see docs).
-- The CTEs used more than once are read where used (not_materialized): stored whole, the events ran out
-- of memory at 100M events.
with events as {{ not_materialized() }} (
    select * from {{ ref('fct_journey_events') }}
),

sessions as (
    select session_key, entry_touchpoint_id, exit_touchpoint_id from {{ ref('fct_sessions') }}
),

successors as (
    select touchpoint_id, successor_touchpoint_id from {{ ref('int_touchpoint_successors') }}
),

feedback as (
    select * from {{ ref('fct_feedback_sentiment') }}
    where touchpoint_id is not null
),

session_touchpoints as {{ not_materialized() }} (
    select
        session_key,
        touchpoint_id,
        min(occurred_at) as first_at,
        max(occurred_at) as last_at
    from events
    group by session_key, touchpoint_id
),

-- a session progressed at a touchpoint when it reached one of the touchpoint's successors (a funnel's
-- next step or a declared next step) at or after its first event there. A semi-join (exists): each
-- (session, touchpoint) once, without the distinct over every matching pair of the join form, whose
-- hash tables did not fit 500 MB at 10M events where this spills (docs/benchmarks.md)
progressed as (
    select
        here.session_key,
        here.touchpoint_id
    from session_touchpoints as here
    where
        here.touchpoint_id in (select successors.touchpoint_id from successors)
        and exists (
            select 1
            from successors
            inner join session_touchpoints as next_step
                on successors.successor_touchpoint_id = next_step.touchpoint_id
            where
                successors.touchpoint_id = here.touchpoint_id
                and next_step.session_key = here.session_key
                and next_step.last_at >= here.first_at
        )
),

-- Distinct counts without count(distinct): one row per session at each date × touchpoint × channel ×
-- segment (its events, and whether it entered, exited or progressed there), then plain sums; visitors and
-- known customers from their own distinct rows.
group_sessions as (
    select
        event_date as kpi_date,
        touchpoint_id,
        channel,
        segment,
        session_key,
        count(*) as events
    from events
    group by event_date, touchpoint_id, channel, segment, session_key
),

session_counts as (
    select
        group_sessions.kpi_date,
        group_sessions.touchpoint_id,
        group_sessions.channel,
        group_sessions.segment,
        cast(sum(group_sessions.events) as bigint) as events,
        count(*) as sessions,
        cast(sum(case when sessions.entry_touchpoint_id = group_sessions.touchpoint_id then 1 else 0 end) as bigint) as entries,
        cast(sum(case when sessions.exit_touchpoint_id = group_sessions.touchpoint_id then 1 else 0 end) as bigint) as exits,
        count(progressed.session_key) as progressed_sessions
    from group_sessions
    left join sessions on group_sessions.session_key = sessions.session_key
    left join progressed
        on group_sessions.session_key = progressed.session_key and group_sessions.touchpoint_id = progressed.touchpoint_id
    group by group_sessions.kpi_date, group_sessions.touchpoint_id, group_sessions.channel, group_sessions.segment
),

-- Visitors and known customers the same way: one row per person in each group, then plain counts (a
-- known person's key is their customer id, int_events_stitched, so max() picks the only one)
group_people as (
    select
        event_date as kpi_date,
        touchpoint_id,
        channel,
        segment,
        person_key,
        max(customer_id) as customer_id
    from events
    group by event_date, touchpoint_id, channel, segment, person_key
),

people_counts as (
    select
        kpi_date,
        touchpoint_id,
        channel,
        segment,
        count(person_key) as visitors,
        count(customer_id) as known_customers
    from group_people
    group by kpi_date, touchpoint_id, channel, segment
),

-- Dwell statistics from one row per distinct dwell value in each group: the median from a sorted pass
-- over them (macro percentiles_from_counts; quantile_cont would hold every value of a group in
-- memory), the mean as an exact decimal sum, the same whatever order the rows arrive in.
dwell_values as {{ not_materialized() }} (
    select
        event_date as kpi_date,
        touchpoint_id,
        channel,
        segment,
        dwell_seconds,
        count(*) as dwell_events,
        -- an exact decimal sum of equal values (no product: Spark would cut its precision)
        sum(cast(dwell_seconds as decimal(38, 9))) as dwell_total
    from events
    where dwell_seconds is not null
    group by event_date, touchpoint_id, channel, segment, dwell_seconds
),

dwell_medians as (
    {{ percentiles_from_counts(
        'dwell_values',
        ['kpi_date', 'touchpoint_id', 'channel', 'segment'],
        'dwell_seconds',
        'dwell_events',
        {'median_dwell_seconds': 0.5}
    ) }}
),

dwell_means as (
    select
        kpi_date,
        touchpoint_id,
        channel,
        segment,
        cast(sum(dwell_total) as double) / sum(dwell_events) as mean_dwell_seconds
    from dwell_values
    group by kpi_date, touchpoint_id, channel, segment
),

behaviour as (
    select
        session_counts.*,
        people_counts.visitors,
        people_counts.known_customers,
        dwell_medians.median_dwell_seconds,
        dwell_means.mean_dwell_seconds
    from session_counts
    -- the same groups on both sides; a group without a segment or channel must still find itself
    inner join people_counts
        on
            session_counts.kpi_date = people_counts.kpi_date
            and session_counts.touchpoint_id = people_counts.touchpoint_id
            and session_counts.channel is not distinct from people_counts.channel
            and session_counts.segment is not distinct from people_counts.segment
    -- a group whose events have no dwell time has neither (null median and mean)
    left join dwell_medians
        on
            session_counts.kpi_date = dwell_medians.kpi_date
            and session_counts.touchpoint_id = dwell_medians.touchpoint_id
            and session_counts.channel is not distinct from dwell_medians.channel
            and session_counts.segment is not distinct from dwell_medians.segment
    left join dwell_means
        on
            session_counts.kpi_date = dwell_means.kpi_date
            and session_counts.touchpoint_id = dwell_means.touchpoint_id
            and session_counts.channel is not distinct from dwell_means.channel
            and session_counts.segment is not distinct from dwell_means.segment
),

voice as (
    select
        submitted_date as kpi_date,
        touchpoint_id,
        channel,
        segment,
        count(*) as feedback_responses,
        avg(csat) as avg_csat,
        count(nps) as nps_responses,
        {{ nps_score('nps') }} as nps_score,
        avg(ces) as avg_ces,
        avg(sentiment_score) as avg_sentiment,
        {{ negative_share('sentiment_label') }} as negative_share
    from feedback
    group by submitted_date, touchpoint_id, channel, segment
)

select
    coalesce(behaviour.kpi_date, voice.kpi_date) as kpi_date,
    coalesce(behaviour.touchpoint_id, voice.touchpoint_id) as touchpoint_id,
    coalesce(behaviour.channel, voice.channel) as channel,
    coalesce(behaviour.segment, voice.segment) as segment,
    coalesce(behaviour.events, 0) as events,
    coalesce(behaviour.sessions, 0) as sessions,
    coalesce(behaviour.visitors, 0) as visitors,
    coalesce(behaviour.known_customers, 0) as known_customers,
    coalesce(behaviour.entries, 0) as entries,
    coalesce(behaviour.exits, 0) as exits,
    {{ safe_divide('behaviour.exits', 'behaviour.sessions') }} as exit_rate,
    case
        when behaviour.touchpoint_id in (select successors.touchpoint_id from successors)
            then {{ safe_divide('behaviour.progressed_sessions', 'behaviour.sessions') }}
    end as progression_rate,
    coalesce(behaviour.progressed_sessions, 0) as progressed_sessions,
    behaviour.median_dwell_seconds,
    behaviour.mean_dwell_seconds,
    coalesce(voice.feedback_responses, 0) as feedback_responses,
    voice.avg_csat,
    voice.nps_responses,
    voice.nps_score,
    voice.avg_ces,
    voice.avg_sentiment,
    voice.negative_share
from behaviour
full outer join voice
    on
        behaviour.kpi_date = voice.kpi_date
        and behaviour.touchpoint_id = voice.touchpoint_id
        and behaviour.channel = voice.channel
        and behaviour.segment = voice.segment
