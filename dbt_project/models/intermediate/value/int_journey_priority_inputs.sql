-- Raw components of the journey priority score per atlas node × segment (and segment 'all'):
-- reach, value at stake and at risk, drop-off, voice of the customer, service effort, retention.
with events as (
    select * from {{ ref('fct_journey_events') }}
),

value as (
    select customer_id, clv, p_alive, expected_purchases from {{ ref('dim_customer_value') }}
),

touchpoint_nodes as (
    select touchpoint_id, micro_journey_id as journey_node_id from {{ ref('dim_touchpoints') }}
    union all
    select touchpoint_id, sub_journey_id from {{ ref('dim_touchpoints') }}
    union all
    select touchpoint_id, high_level_journey_id from {{ ref('dim_touchpoints') }}
    union all
    select touchpoint_id, lifecycle_phase_id from {{ ref('dim_touchpoints') }}
),

sessions as (
    select session_key, exit_touchpoint_id from {{ ref('fct_sessions') }}
),

-- Sessions per node without spreading every session over its nodes (31M rows at 10M events): each
-- touchpoint is one bit, a node's mask has the bits of its touchpoints, a session's mask those of the
-- touchpoints it touched (per segment, and over all segments for 'all'). Sessions with the same mask and
-- exit touchpoint are counted together; a node counts the sessions whose mask meets its own.
-- Bits are hugeint: an atlas of more than 127 touchpoints makes the shift fail loudly, never wrongly.
touchpoint_bits as (
    select
        touchpoint_id,
        cast(1 as hugeint) << (row_number() over (order by touchpoint_id) - 1) as touchpoint_bit
    from {{ ref('dim_touchpoints') }}
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

session_segment_masks as (
    select
        events.session_key,
        events.segment,
        bit_or(touchpoint_bits.touchpoint_bit) as session_mask
    from events
    inner join touchpoint_bits on events.touchpoint_id = touchpoint_bits.touchpoint_id
    group by events.session_key, events.segment
),

session_masks as (
    select session_key, segment, session_mask from session_segment_masks
    union all
    select session_key, 'all' as segment, bit_or(session_mask) as session_mask
    from session_segment_masks
    group by session_key
),

mask_counts as (
    select
        session_masks.segment,
        session_masks.session_mask,
        coalesce(exit_bits.touchpoint_bit, 0) as exit_bit,
        count(*) as sessions
    from session_masks
    inner join sessions on session_masks.session_key = sessions.session_key
    left join touchpoint_bits as exit_bits on sessions.exit_touchpoint_id = exit_bits.touchpoint_id
    group by session_masks.segment, session_masks.session_mask, coalesce(exit_bits.touchpoint_bit, 0)
),

exits as (
    select
        node_masks.journey_node_id,
        mask_counts.segment,
        sum(mask_counts.sessions) as sessions,
        sum(case when (mask_counts.exit_bit & node_masks.node_mask) <> 0 then mask_counts.sessions else 0 end)
        as exit_sessions
    from mask_counts
    inner join node_masks on (mask_counts.session_mask & node_masks.node_mask) <> 0
    group by node_masks.journey_node_id, mask_counts.segment
),

funnel_people as (
    -- persons per funnel node: did they complete the funnel in any month?
    select
        funnels.journey_node_id,
        periods.person_key,
        max(periods.segment) as segment,
        max(case when periods.level_reached >= last_steps.last_step then 1 else 0 end) as completed
    from {{ ref('int_funnel_person_periods') }} as periods
    inner join {{ ref('atlas_funnels') }} as funnels on periods.funnel_id = funnels.funnel_id
    inner join (
        select funnel_id, max(step_number) as last_step
        from {{ ref('atlas_funnel_steps') }}
        group by funnel_id
    ) as last_steps on periods.funnel_id = last_steps.funnel_id
    group by funnels.journey_node_id, periods.person_key
),

funnel_people_segmented as (
    select journey_node_id, person_key, segment, completed from funnel_people
    union all
    select journey_node_id, person_key, 'all' as segment, completed from funnel_people
),

-- persons per node the same way: one mask per person (and segment), met with each node's mask
person_segment_masks as (
    select
        events.person_key,
        events.customer_id,
        events.segment,
        bit_or(touchpoint_bits.touchpoint_bit) as person_mask
    from events
    inner join touchpoint_bits on events.touchpoint_id = touchpoint_bits.touchpoint_id
    group by events.person_key, events.customer_id, events.segment
),

person_masks as (
    select person_key, customer_id, segment, person_mask from person_segment_masks
    union all
    select person_key, customer_id, 'all' as segment, bit_or(person_mask) as person_mask
    from person_segment_masks
    group by person_key, customer_id
),

persons as (
    select
        node_masks.journey_node_id,
        person_masks.segment,
        person_masks.person_key,
        person_masks.customer_id
    from person_masks
    inner join node_masks on (person_masks.person_mask & node_masks.node_mask) <> 0
),

person_value as (
    select
        persons.journey_node_id,
        persons.segment,
        persons.person_key,
        coalesce(value.clv, 0) as clv,
        coalesce(value.p_alive * value.expected_purchases, 0) as retention_value,
        value.customer_id is not null as is_valued_customer,
        funnel_people_segmented.completed
    from persons
    left join value on persons.customer_id = value.customer_id
    left join funnel_people_segmented
        on
            persons.journey_node_id = funnel_people_segmented.journey_node_id
            and persons.segment = funnel_people_segmented.segment
            and persons.person_key = funnel_people_segmented.person_key
),

node_value as (
    select
        journey_node_id,
        segment,
        count(*) as reach,
        {{ exact_sum('clv') }} as value_at_stake,
        {{ exact_sum('case when completed = 0 then clv else 0 end') }} as funnel_value_dropped,
        max(case when completed is not null then 1 else 0 end) as has_funnel,
        sum(case when completed = 0 then 1 else 0 end) as funnel_dropped,
        sum(case when completed is not null then 1 else 0 end) as funnel_entered,
        {{ exact_avg('case when is_valued_customer then retention_value end') }} as retention_potential
    from person_value
    group by journey_node_id, segment
),

feedback_nodes as (
    select feedback.feedback_id, feedback.segment, feedback.sentiment_label, feedback.csat, touchpoint_nodes.journey_node_id
    from {{ ref('fct_feedback_sentiment') }} as feedback
    inner join touchpoint_nodes on feedback.touchpoint_id = touchpoint_nodes.touchpoint_id
),

voice as (
    select
        journey_node_id,
        segment,
        count(*) as feedback_items,
        avg(case when sentiment_label = 'negative' then 1.0 else 0.0 end) as negative_share,
        {{ exact_avg('csat') }} as avg_csat
    from (
        select journey_node_id, segment, sentiment_label, csat from feedback_nodes
        union all
        select journey_node_id, 'all' as segment, sentiment_label, csat from feedback_nodes
    ) as voice_rows
    group by journey_node_id, segment
),

case_nodes as (
    select
        touchpoint_nodes.journey_node_id,
        coalesce(customers.segment, 'unknown') as segment,
        cases.effort_units
    from {{ ref('int_service_cases') }} as cases
    inner join touchpoint_nodes on cases.touchpoint_id = touchpoint_nodes.touchpoint_id
    left join {{ ref('stg_crm__customers') }} as customers on cases.customer_id = customers.customer_id
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
    node_value.journey_node_id,
    node_value.segment,
    node_value.reach,
    node_value.value_at_stake,
    case
        when node_value.has_funnel = 1 then {{ safe_divide('node_value.funnel_dropped', 'node_value.funnel_entered') }}
        else {{ safe_divide('exits.exit_sessions', 'exits.sessions') }}
    end as drop_off_rate,
    case
        when node_value.has_funnel = 1 then node_value.funnel_value_dropped
        else node_value.value_at_stake * coalesce({{ safe_divide('exits.exit_sessions', 'exits.sessions') }}, 0)
    end as value_at_risk,
    coalesce(voice.feedback_items, 0) as feedback_items,
    voice.negative_share,
    voice.avg_csat,
    coalesce(effort.service_effort_units, 0) as service_effort_units,
    {{ safe_divide('coalesce(effort.service_effort_units, 0)', 'node_value.reach') }} as service_effort_per_person,
    coalesce(node_value.retention_potential, 0) as retention_potential
from node_value
left join exits on node_value.journey_node_id = exits.journey_node_id and node_value.segment = exits.segment
left join voice on node_value.journey_node_id = voice.journey_node_id and node_value.segment = voice.segment
left join effort on node_value.journey_node_id = effort.journey_node_id and node_value.segment = effort.segment
