-- One row per feedback item with its language, sentiment and linked touchpoint / journey.
with linked as (
    select * from {{ ref('int_feedback_linked') }}
)

select
    linked.feedback_id,
    linked.customer_id,
    linked.segment,
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
    linked.nps_group,
    linked.linked_touchpoint_id as touchpoint_id,
    linked.linked_journey_node_id as journey_node_id,
    linked.high_level_journey_id,
    linked.lifecycle_phase_id,
    linked.link_method,
    linked.feedback_text
from linked
