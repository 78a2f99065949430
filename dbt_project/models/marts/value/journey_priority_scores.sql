-- Which journeys and customer groups to fix first: the score, its components and why.
with scores as (
    select * from {{ ref('journey_priority') }}
),

journeys as (
    select * from {{ ref('dim_journeys') }}
)

select
    scores.journey_node_id,
    journeys.journey_level,
    journeys.journey_level_name,
    journeys.name_en as journey_name_en,
    journeys.name_de as journey_name_de,
    journeys.parent_node_id,
    scores.segment,
    scores.segment = 'all' as is_total,
    scores.priority_score,
    scores.priority_rank,
    scores.priority_quadrant,
    scores.reach,
    scores.value_at_stake,
    scores.has_outcome,
    journeys.outcome_description,
    scores.entered,
    scores.completed,
    scores.dropped,
    scores.dropped_above_norm,
    scores.drop_off_rate,
    scores.non_completion_rate,
    scores.value_at_risk,
    scores.value_at_risk_above_norm,
    scores.feedback_items,
    scores.negative_share,
    scores.low_csat_share,
    scores.detractor_share,
    scores.high_effort_share,
    scores.avg_csat,
    scores.feedback_pain,
    scores.customer_pain,
    scores.service_effort_per_person,
    scores.retention_potential,
    scores.value_at_risk_component,
    scores.cx_pain_component,
    scores.service_effort_component,
    scores.retention_potential_component,
    scores.reach_component,
    scores.value_at_risk_points,
    scores.cx_pain_points,
    scores.service_effort_points,
    scores.retention_potential_points,
    scores.reach_points,
    scores.explanation,
    scores.rank_stability_spearman
from scores
inner join journeys on scores.journey_node_id = journeys.journey_node_id
