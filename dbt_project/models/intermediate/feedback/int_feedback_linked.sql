-- Each feedback item linked to a touchpoint and journey: the export's touchpoint reference when it
-- names an atlas touchpoint; else the customer's last touchpoint before submitting, within
-- var('feedback_link_window_days'); else unlinked (kept, counted, never dropped).
with feedback as (
    select * from {{ ref('stg_feedback__responses') }}
),

sentiment as (
    select * from {{ ref('stg_feedback__sentiment') }}
),

touchpoints as (
    select * from {{ ref('dim_touchpoints') }}
),

journey_nodes as (
    select journey_node_id from {{ ref('dim_journeys') }}
),

channel_lookup as (
    select * from {{ ref('int_channel_lookup') }}
),

journey_events as (
    select customer_id, occurred_at, touchpoint_id, event_id
    from {{ ref('fct_journey_events') }}
    where customer_id is not null
),

last_touch as (
    select
        feedback.feedback_id,
        journey_events.touchpoint_id,
        row_number() over (
            partition by feedback.feedback_id
            order by journey_events.occurred_at desc, journey_events.event_id desc
        ) as recency_rank
    from feedback
    inner join journey_events
        on
            feedback.customer_id = journey_events.customer_id
            and journey_events.occurred_at <= feedback.submitted_at
            and journey_events.occurred_at
            >= {{ dbt.dateadd('day', '-' ~ var('feedback_link_window_days'), 'feedback.submitted_at') }}
    where feedback.touchpoint_id is null or feedback.touchpoint_id not in (select touchpoint_id from touchpoints)
),

linked as (
    select
        feedback.*,
        coalesce(channel_lookup.channel, 'unknown') as channel,
        case
            when referenced.touchpoint_id is not null then referenced.touchpoint_id
            when journey_nodes.journey_node_id is not null then null
            else last_touch.touchpoint_id
        end as linked_touchpoint_id,
        case
            when referenced.touchpoint_id is not null then 'touchpoint_reference'
            when journey_nodes.journey_node_id is not null then 'journey_reference'
            when last_touch.touchpoint_id is not null then 'last_touchpoint'
            else 'unlinked'
        end as link_method,
        journey_nodes.journey_node_id as referenced_journey_node_id
    from feedback
    left join touchpoints as referenced on feedback.touchpoint_id = referenced.touchpoint_id
    left join journey_nodes on feedback.journey_node_id = journey_nodes.journey_node_id
    left join last_touch on feedback.feedback_id = last_touch.feedback_id and last_touch.recency_rank = 1
    left join channel_lookup on feedback.channel_raw = channel_lookup.channel_raw
)

select
    linked.*,
    sentiment.language,
    sentiment.sentiment_score,
    sentiment.sentiment_label,
    touchpoints.micro_journey_id,
    coalesce(touchpoints.sub_journey_id, linked.referenced_journey_node_id) as linked_journey_node_id,
    touchpoints.high_level_journey_id,
    touchpoints.lifecycle_phase_id
from linked
left join sentiment on linked.feedback_id = sentiment.feedback_id
left join touchpoints on linked.linked_touchpoint_id = touchpoints.touchpoint_id
