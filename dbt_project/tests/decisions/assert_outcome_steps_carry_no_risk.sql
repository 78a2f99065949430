-- The outcome (a funnel's last step) is success: nobody drops there and it carries no value at risk,
-- in the funnel table and in the atlas nodes whose only step is the outcome.
{{ config(meta={'dagster': {'ref': {'name': 'journey_priority_inputs'}}}) }}  {#- the asset this check belongs to in Dagster -#}
with outcome_only_nodes as (
    select node_steps.journey_node_id
    from {{ ref('int_outcome_node_steps') }} as node_steps
    inner join {{ ref('int_atlas_nodes') }} as nodes on node_steps.journey_node_id = nodes.journey_node_id
    group by node_steps.journey_node_id
    having min(node_steps.step_number) = max(nodes.outcome_step_number)
)

select funnel_id, cast(step_number as {{ dbt.type_string() }}) as step_or_node, dropped, value_at_risk
from {{ ref('fct_funnel_steps') }}
where is_outcome_step and (dropped <> 0 or value_at_risk <> 0)

union all

select inputs.journey_node_id as funnel_id, inputs.segment as step_or_node, inputs.dropped, inputs.value_at_risk
from {{ ref('journey_priority_inputs') }} as inputs
inner join outcome_only_nodes on inputs.journey_node_id = outcome_only_nodes.journey_node_id
where inputs.dropped <> 0 or inputs.value_at_risk <> 0
