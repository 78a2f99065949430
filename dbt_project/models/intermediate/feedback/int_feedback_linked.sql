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
    select * from {{ ref('int_atlas_touchpoints') }}
),

journey_nodes as (
    select * from {{ ref('int_atlas_nodes') }}
),

customers as (
    select customer_id, segment from {{ ref('stg_crm__customers') }}
),

channel_lookup as (
    select * from {{ ref('int_channel_lookup') }}
),

journey_events as (
    select stitched_customer_id as customer_id, event_at as occurred_at, touchpoint_id, event_id
    from {{ ref('int_events_stitched') }}
    where stitched_customer_id is not null and touchpoint_id is not null
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

-- a journey reference places the item in that node and its ancestors (the node's own ids per level)
select
    linked.*,
    case when linked.customer_id is null then 'anonymous' else coalesce(customers.segment, 'unknown') end as segment,
    {{ nps_group('linked.nps') }} as nps_group,
    sentiment.language,
    sentiment.sentiment_score,
    sentiment.sentiment_label,
    coalesce(touchpoints.micro_journey_id, referenced.micro_journey_id) as micro_journey_id,
    coalesce(touchpoints.sub_journey_id, linked.referenced_journey_node_id) as linked_journey_node_id,
    coalesce(touchpoints.sub_journey_id, referenced.sub_journey_id) as sub_journey_id,
    coalesce(touchpoints.high_level_journey_id, referenced.high_level_journey_id) as high_level_journey_id,
    coalesce(touchpoints.lifecycle_phase_id, referenced.lifecycle_phase_id) as lifecycle_phase_id
from linked
left join sentiment on linked.feedback_id = sentiment.feedback_id
left join touchpoints on linked.linked_touchpoint_id = touchpoints.touchpoint_id
left join journey_nodes as referenced on linked.referenced_journey_node_id = referenced.journey_node_id
left join customers on linked.customer_id = customers.customer_id
