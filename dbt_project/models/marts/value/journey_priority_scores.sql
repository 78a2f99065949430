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
    scores.segment,
    scores.priority_score,
    scores.priority_rank,
    scores.reach,
    scores.value_at_stake,
    scores.value_at_risk,
    scores.drop_off_rate,
    scores.negative_share,
    scores.avg_csat,
    scores.service_effort_per_person,
    scores.retention_potential,
    scores.value_at_risk_component,
    scores.cx_pain_component,
    scores.service_effort_component,
    scores.retention_potential_component,
    scores.reach_component,
    scores.explanation,
    scores.rank_stability_spearman
from scores
inner join journeys on scores.journey_node_id = journeys.journey_node_id
