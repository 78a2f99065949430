{#- Funnel steps per calendar month by the entry traffic of the person's best chain: the device,
    traffic source, medium and campaign of the session in which its step-1 event happened (fct_sessions'
    entry values). Person-months as in fct_funnel_steps (same best chain, same counting): summed over
    device and traffic, reached equals fct_funnel_steps summed over segment and channel (data test
    assert_funnel_steps_by_campaign_add_up). -#}
with best_chains as (
    select
        person_key,
        funnel_id,
        period_start as period_month,
        start_event_id,
        level_reached
    from {{ ref('int_funnel_person_grains') }}
    where period_grain = 'month'
),

events as (
    select event_id, session_key from {{ ref('int_events_stitched') }}
),

sessions as (
    select session_key, device, traffic_source, traffic_medium, traffic_campaign from {{ ref('fct_sessions') }}
),

persons as (
    select
        best_chains.person_key,
        best_chains.funnel_id,
        best_chains.period_month,
        best_chains.level_reached,
        coalesce(sessions.device, 'unknown') as device,
        coalesce(sessions.traffic_source, '(none)') as traffic_source,
        coalesce(sessions.traffic_medium, '(none)') as traffic_medium,
        coalesce(sessions.traffic_campaign, '(none)') as traffic_campaign
    from best_chains
    left join events on best_chains.start_event_id = events.event_id
    left join sessions on events.session_key = sessions.session_key
),

counted as (
    {{ funnel_step_counts('persons', ['period_month', 'traffic_source', 'traffic_medium', 'traffic_campaign', 'device']) }}
)

select
    counted.funnel_id,
    funnels.journey_node_id,
    counted.step_number,
    counted.touchpoint_id,
    counted.period_month,
    counted.traffic_source,
    counted.traffic_medium,
    counted.traffic_campaign,
    counted.device,
    counted.is_outcome_step,
    counted.entered,
    counted.reached,
    counted.reached_previous_step,
    counted.dropped,
    counted.step_conversion_rate,
    counted.conversion_from_step_1,
    counted.drop_off_rate
from counted
inner join {{ ref('atlas_funnels') }} as funnels on counted.funnel_id = funnels.funnel_id
