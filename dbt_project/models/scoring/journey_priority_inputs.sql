-- Raw components of the journey priority score per atlas node × segment (and segment 'all') over the
-- priority window: reach, value at stake, outcome (entered, completed, dropped inside the node, value
-- at risk and the part of it beyond the atlas's expected conversions), customer pain from feedback,
-- service effort and retention potential. Definitions: docs/customer_value.md and the column docs.
-- In the scoring layer because it needs the customers' CLV (clv_customer_predictions).
with priority_window as (
    select * from {{ ref('int_priority_window') }}
),

events as (
    select events.person_key, events.stitched_customer_id as customer_id, events.touchpoint_id
    from {{ ref('int_events_stitched') }} as events
    cross join priority_window
    where
        events.touchpoint_id is not null
        and events.event_date between priority_window.window_start_date and priority_window.window_end_date
),

segments as (
    select person_key, customer_id, segment from {{ ref('int_person_segments') }}
),

value as (
    select customer_id, clv, p_alive, expected_purchases from {{ ref('clv_customer_predictions') }}
),

touchpoint_nodes as (
    select * from {{ ref('int_atlas_touchpoint_nodes') }}
),

nodes as (
    select * from {{ ref('int_atlas_nodes') }}
),

-- persons per node without spreading every event over its nodes: each touchpoint is one bit, a node's
-- mask has the bits of its touchpoints, a person's mask those of the touchpoints they touched. Bits
-- are hugeint on DuckDB, bigint on Spark (macro mask_bit): an atlas of more than 127 (Spark: 63)
-- touchpoints makes the shift fail loudly, never wrongly.
touchpoint_bits as (
    select
        touchpoint_id,
        {{ mask_bit('row_number() over (order by touchpoint_id)') }} as touchpoint_bit
    from {{ ref('int_atlas_touchpoints') }}
),

node_masks as (
    select
        touchpoint_nodes.journey_node_id,
        bit_or(touchpoint_bits.touchpoint_bit) as node_mask
    from touchpoint_nodes
    inner join touchpoint_bits on touchpoint_nodes.touchpoint_id = touchpoint_bits.touchpoint_id
    where touchpoint_nodes.journey_node_id is not null
    group by touchpoint_nodes.journey_node_id
),

person_masks as (
    select
        events.person_key,
        bit_or(touchpoint_bits.touchpoint_bit) as person_mask
    from events
    inner join touchpoint_bits on events.touchpoint_id = touchpoint_bits.touchpoint_id
    group by events.person_key
),

persons as (
    select
        person_masks.person_key,
        person_masks.person_mask,
        segments.segment,
        coalesce(value.clv, 0) as clv,
        value.p_alive * value.expected_purchases as retention_value
    from person_masks
    left join segments on person_masks.person_key = segments.person_key
    left join value on segments.customer_id = value.customer_id
),

reach_rows as (
    select
        node_masks.journey_node_id,
        persons.segment,
        persons.clv,
        persons.retention_value
    from persons
    inner join node_masks on (persons.person_mask & node_masks.node_mask) <> 0
),

reached as (
    select
        journey_node_id,
        segment,
        count(*) as reach,
        {{ exact_sum('clv') }} as value_at_stake,
        {{ exact_avg('retention_value') }} as retention_potential
    from (
        select * from reach_rows
        union all
        select journey_node_id, 'all' as segment, clv, retention_value from reach_rows
    ) as reach_segments
    group by journey_node_id, segment
),

-- outcome: the per-step figures over the window (priority_funnel_steps) summed over each node's steps
step_outcomes as (
    select * from {{ ref('priority_funnel_steps') }}
),

node_steps as (
    select * from {{ ref('int_outcome_node_steps') }}
),

outcomes as (
    select
        node_steps.journey_node_id,
        step_outcomes.segment,
        max(case when step_outcomes.step_number = node_steps.node_first_step_number then step_outcomes.reached end)
        as entered,
        max(step_outcomes.completed) as completed,
        cast(sum(step_outcomes.dropped) as bigint) as dropped,
        sum(step_outcomes.dropped_above_norm) as dropped_above_norm,
        {{ exact_sum('step_outcomes.value_at_risk') }} as value_at_risk,
        {{ exact_sum('step_outcomes.value_at_risk_above_norm') }} as value_at_risk_above_norm
    from node_steps
    inner join step_outcomes
        on node_steps.funnel_id = step_outcomes.funnel_id and node_steps.step_number = step_outcomes.step_number
    group by node_steps.journey_node_id, step_outcomes.segment
),

-- customer pain: feedback linked to a touchpoint of the node, or naming the node or a descendant
feedback as (
    select feedback.*
    from {{ ref('int_feedback_linked') }} as feedback
    cross join priority_window
    where feedback.submitted_date between priority_window.window_start_date and priority_window.window_end_date
),

feedback_nodes as (
    select
        touchpoint_nodes.journey_node_id,
        feedback.segment,
        feedback.sentiment_label,
        feedback.csat,
        feedback.nps,
        feedback.ces
    from feedback
    inner join touchpoint_nodes on feedback.linked_touchpoint_id = touchpoint_nodes.touchpoint_id
    union all
    select
        ancestors.journey_node_id,
        feedback.segment,
        feedback.sentiment_label,
        feedback.csat,
        feedback.nps,
        feedback.ces
    from feedback
    inner join nodes as referenced on feedback.referenced_journey_node_id = referenced.journey_node_id
    inner join nodes as ancestors
        on ancestors.journey_node_id in (
            referenced.lifecycle_phase_id,
            referenced.high_level_journey_id,
            referenced.sub_journey_id,
            referenced.micro_journey_id
        )
    where feedback.linked_touchpoint_id is null
),

-- the pain shares per node, and per segment over all feedback items (the baseline a node with few
-- items is pulled towards); raw_pain = mean of the negative share and the shares that have answers
voice_rows as (
    select journey_node_id, segment, sentiment_label, csat, nps, ces from feedback_nodes
    union all
    select journey_node_id, 'all' as segment, sentiment_label, csat, nps, ces from feedback_nodes
),

voice_shares as (
    select
        journey_node_id,
        segment,
        count(*) as feedback_items,
        {{ negative_share('sentiment_label') }} as negative_share,
        {{ low_csat_share('csat') }} as low_csat_share,
        {{ detractor_share('nps') }} as detractor_share,
        {{ high_effort_share('ces') }} as high_effort_share,
        {{ exact_avg('csat') }} as avg_csat
    from voice_rows
    group by journey_node_id, segment
    union all
    select
        null as journey_node_id,
        feedback_segments.segment,
        count(*) as feedback_items,
        {{ negative_share('feedback_segments.sentiment_label') }} as negative_share,
        {{ low_csat_share('feedback_segments.csat') }} as low_csat_share,
        {{ detractor_share('feedback_segments.nps') }} as detractor_share,
        {{ high_effort_share('feedback_segments.ces') }} as high_effort_share,
        {{ exact_avg('feedback_segments.csat') }} as avg_csat
    from (
        select segment, sentiment_label, csat, nps, ces from feedback
        union all
        select 'all' as segment, sentiment_label, csat, nps, ces from feedback
    ) as feedback_segments
    group by feedback_segments.segment
),

voice_pain as (
    select
        *,
        (
            negative_share
            + coalesce(low_csat_share, 0)
            + coalesce(detractor_share, 0)
            + coalesce(high_effort_share, 0)
        ) / (
            1
            + case when low_csat_share is null then 0 else 1 end
            + case when detractor_share is null then 0 else 1 end
            + case when high_effort_share is null then 0 else 1 end
        ) as raw_pain
    from voice_shares
),

voice as (
    select * from voice_pain
    where journey_node_id is not null
),

-- the average pain of all feedback of a segment: what a node is assumed to have before its own items
baselines as (
    select
        segment,
        raw_pain as baseline_pain
    from voice_pain
    where journey_node_id is null
),

case_nodes as (
    select
        touchpoint_nodes.journey_node_id,
        coalesce(customers.segment, 'unknown') as segment,
        cases.effort_units
    from {{ ref('int_service_cases') }} as cases
    cross join priority_window
    inner join touchpoint_nodes on cases.touchpoint_id = touchpoint_nodes.touchpoint_id
    left join {{ ref('stg_crm__customers') }} as customers on cases.customer_id = customers.customer_id
    where cast(cases.opened_at as date) between priority_window.window_start_date and priority_window.window_end_date
),

effort as (
    select journey_node_id, segment, {{ exact_sum('effort_units') }} as service_effort_units
    from (
        select journey_node_id, segment, effort_units from case_nodes
        union all
        select journey_node_id, 'all' as segment, effort_units from case_nodes
    ) as effort_rows
    group by journey_node_id, segment
)

select
    reached.journey_node_id,
    reached.segment,
    reached.reach,
    reached.value_at_stake,
    nodes.outcome_funnel_id is not null as has_outcome,
    case when nodes.outcome_funnel_id is not null then coalesce(outcomes.entered, 0) end as entered,
    case when nodes.outcome_funnel_id is not null then coalesce(outcomes.completed, 0) end as completed,
    case when nodes.outcome_funnel_id is not null then coalesce(outcomes.dropped, 0) end as dropped,
    case when nodes.outcome_funnel_id is not null then coalesce(outcomes.dropped_above_norm, 0) end
    as dropped_above_norm,
    {{ safe_divide('outcomes.dropped', 'outcomes.entered') }} as drop_off_rate,
    {{ safe_divide('outcomes.entered - outcomes.completed', 'outcomes.entered') }} as non_completion_rate,
    case when nodes.outcome_funnel_id is not null then coalesce(outcomes.value_at_risk, 0) end as value_at_risk,
    case when nodes.outcome_funnel_id is not null then coalesce(outcomes.value_at_risk_above_norm, 0) end
    as value_at_risk_above_norm,
    coalesce(voice.feedback_items, 0) as feedback_items,
    voice.negative_share,
    voice.low_csat_share,
    voice.detractor_share,
    voice.high_effort_share,
    voice.avg_csat,
    round(voice.raw_pain, 6) as feedback_pain,
    -- customer pain: the node's pain pulled towards the segment's average as if it had
    -- var('pain_prior_items') more items of average pain; a node without feedback has that average (so one
    -- comment moves it a little, never from nothing to a full share of the points); null only where the
    -- segment has no feedback at all
    round(
        (
            coalesce(voice.feedback_items, 0) * coalesce(voice.raw_pain, 0)
            + {{ var('pain_prior_items') }} * baselines.baseline_pain
        )
        / (coalesce(voice.feedback_items, 0) + {{ var('pain_prior_items') }}),
        6
    ) as customer_pain,
    coalesce(effort.service_effort_units, 0) as service_effort_units,
    {{ safe_divide('coalesce(effort.service_effort_units, 0)', 'reached.reach') }} as service_effort_per_person,
    coalesce(reached.retention_potential, 0) as retention_potential
from reached
inner join nodes on reached.journey_node_id = nodes.journey_node_id
left join outcomes on reached.journey_node_id = outcomes.journey_node_id and reached.segment = outcomes.segment
left join voice on reached.journey_node_id = voice.journey_node_id and reached.segment = voice.segment
left join baselines on reached.segment = baselines.segment
left join effort on reached.journey_node_id = effort.journey_node_id and reached.segment = effort.segment
