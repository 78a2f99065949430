{#- Where drop-offs go next: for people whose best chain stopped at a step, the first touchpoint they
    reached afterwards on any channel (web, app, store, phone, chat, e-mail, and CRM service cases),
    within the funnel's window counted from the time of the last step they reached. Repeats of the
    touchpoint they dropped at are skipped; 'none' = no other touchpoint within the window.
    Grain: funnel x dropped-at step x month x segment x next touchpoint x next channel. -#}
with dropped_touchpoints as (
    -- who dropped where and when: the one home of that rule
    select * from {{ ref('int_funnel_dropoffs') }}
),

touches as (
    select person_key, occurred_at, event_id as touch_id, touchpoint_id, channel
    from {{ ref('fct_journey_events') }}
    union all
    select customer_id as person_key, opened_at as occurred_at, case_id as touch_id, touchpoint_id, channel
    from {{ ref('int_service_cases') }}
    where customer_id is not null and touchpoint_id is not null
),

next_touches as (
    select
        dropped_touchpoints.person_key,
        dropped_touchpoints.funnel_id,
        dropped_touchpoints.period_month,
        touches.touchpoint_id,
        touches.channel,
        row_number() over (
            partition by dropped_touchpoints.person_key, dropped_touchpoints.funnel_id, dropped_touchpoints.period_month
            order by touches.occurred_at, touches.touch_id
        ) as touch_rank
    from dropped_touchpoints
    inner join touches
        on
            dropped_touchpoints.person_key = touches.person_key
            and touches.occurred_at > dropped_touchpoints.dropped_at
            and touches.occurred_at <= dropped_touchpoints.window_ends_at
            and touches.touchpoint_id <> dropped_touchpoints.dropped_touchpoint_id
),

joined as (
    select
        dropped_touchpoints.funnel_id,
        dropped_touchpoints.dropped_at_step,
        dropped_touchpoints.period_month,
        dropped_touchpoints.segment,
        coalesce(next_touches.touchpoint_id, 'none') as next_touchpoint_id,
        coalesce(next_touches.channel, 'none') as next_channel
    from dropped_touchpoints
    left join next_touches
        on
            dropped_touchpoints.person_key = next_touches.person_key
            and dropped_touchpoints.funnel_id = next_touches.funnel_id
            and dropped_touchpoints.period_month = next_touches.period_month
            and next_touches.touch_rank = 1
)

select
    funnel_id,
    dropped_at_step as step_number,
    period_month,
    segment,
    next_touchpoint_id,
    next_channel,
    count(*) as persons,
    {{ real_number('count(*) * 1.0') }} / sum(count(*)) over (
        partition by funnel_id, dropped_at_step, period_month, segment
    ) as share_of_dropped
from joined
group by funnel_id, dropped_at_step, period_month, segment, next_touchpoint_id, next_channel
