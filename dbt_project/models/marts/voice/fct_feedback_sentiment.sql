-- One row per feedback item with its language, sentiment and linked touchpoint / journey.
with linked as (
    select * from {{ ref('int_feedback_linked') }}
),

customers as (
    select customer_id, segment from {{ ref('stg_crm__customers') }}
)

select
    linked.feedback_id,
    linked.customer_id,
    case when linked.customer_id is null then 'anonymous' else coalesce(customers.segment, 'unknown') end as segment,
    linked.submitted_at,
    linked.submitted_date,
    linked.feedback_source,
    linked.channel,
    linked.language,
    linked.sentiment_score,
    linked.sentiment_label,
    linked.nps,
    linked.csat,
    linked.ces,
    case
        when linked.nps >= 9 then 'promoter' when linked.nps >= 7 then 'passive' when linked.nps >= 0 then 'detractor'
    end as nps_group,
    linked.linked_touchpoint_id as touchpoint_id,
    linked.linked_journey_node_id as journey_node_id,
    linked.high_level_journey_id,
    linked.lifecycle_phase_id,
    linked.link_method,
    linked.feedback_text
from linked
left join customers on linked.customer_id = customers.customer_id
