-- One row per customer: lifetime value, retention potential, service effort, digital affinity,
-- influence, and the service tier with the reason for it. The rule (docs/customer_value.md, "Service
-- tiers"): the CLV percentile decides the tier; a digital_plus customer moves to automated only on
-- enough evidence (a minimum number of contacts) of high service effort per order. Thresholds come from
-- seeds/atlas/atlas_service_tiers.csv; tier names, order and routing texts from
-- seeds/atlas/atlas_service_tier_routing.csv.
with customers as (
    select * from {{ ref('dim_customers') }}
),

clv as (
    select * from {{ ref('clv_customer_predictions') }}
),

effort as (
    select * from {{ ref('int_customer_service_effort') }}
),

latest_nps as (
    select customer_id, nps, nps_group
    from (
        select
            customer_id,
            nps,
            nps_group,
            row_number() over (partition by customer_id order by submitted_at desc, feedback_id desc) as recency_rank
        from {{ ref('fct_feedback_sentiment') }}
        where nps is not null and customer_id is not null
    ) as ranked
    where recency_rank = 1
),

referrals as (
    select referred_by_customer_id as customer_id, count(*) as referrals
    from {{ ref('stg_crm__customers') }}
    where referred_by_customer_id is not null
    group by referred_by_customer_id
),

thresholds as (
    select * from {{ ref('int_service_tier_thresholds') }}
),

routing as (
    select * from {{ ref('atlas_service_tier_routing') }}
),

combined as (
    select
        customers.customer_id,
        customers.segment,
        cast(coalesce(clv.orders_to_date, 0) as bigint) as orders_to_date,
        coalesce(clv.revenue_to_date, 0) as revenue_to_date,
        clv.recency_weeks,
        clv.tenure_weeks,
        coalesce(clv.p_alive, 0) as p_alive,
        1 - coalesce(clv.p_alive, 0) as churn_risk,
        coalesce(clv.expected_purchases, 0) as expected_purchases,
        coalesce(clv.expected_spend_per_purchase, 0) as expected_spend_per_purchase,
        coalesce(clv.clv, 0) as clv,
        coalesce(clv.clv_method, 'no_orders') as clv_method,
        coalesce(clv.purchase_trend, 0) as purchase_trend,
        coalesce(effort.cases, 0) as service_cases,
        coalesce(effort.handle_minutes, 0) as handle_minutes,
        coalesce(effort.cost_weighted_contacts, 0) as cost_weighted_contacts,
        coalesce(effort.escalations, 0) as escalations,
        coalesce(effort.repeat_contacts_7d, 0) as repeat_contacts_7d,
        effort.cases_per_order,
        coalesce(effort.service_effort_score, 0) as service_effort_score,
        customers.digital_share as digital_affinity,
        latest_nps.nps as latest_nps,
        coalesce(latest_nps.nps_group, 'unknown') as influence_group,
        coalesce(referrals.referrals, 0) as referrals
    from customers
    left join clv on customers.customer_id = clv.customer_id
    left join effort on customers.customer_id = effort.customer_id
    left join latest_nps on customers.customer_id = latest_nps.customer_id
    left join referrals on customers.customer_id = referrals.customer_id
),

ranked as (
    select
        combined.*,
        -- effort relative to the customer's business; null without orders (the rule then takes the whole effort)
        {{ safe_divide('combined.service_effort_score', 'combined.orders_to_date') }} as effort_units_per_order,
        -- ranked among customers with a CLV above zero, so prospects without orders do not lift everyone's
        -- percentile; equal CLVs share the lowest position of their group (same CLV, same tier); CLV 0 is 0
        case
            when combined.clv > 0 then percent_rank() over (partition by combined.clv > 0 order by combined.clv)
            else 0
        end as clv_percentile
    from combined
),

assessed as (
    select
        ranked.*,
        thresholds.*,
        case
            when ranked.clv_percentile >= thresholds.premium_min_clv_percentile then 'premium'
            when ranked.clv_percentile >= thresholds.digital_plus_min_clv_percentile then 'digital_plus'
            else 'automated'
        end as value_tier,
        ranked.service_cases >= thresholds.effort_min_contacts as has_minimum_evidence,
        coalesce(ranked.effort_units_per_order, ranked.service_effort_score) > thresholds.effort_max_units_per_order
        as effort_above_limit
    from ranked
    cross join thresholds
),

tiered as (
    select
        *,
        value_tier = 'digital_plus' and has_minimum_evidence and effort_above_limit as moved_down_for_effort
    from assessed
),

-- the pieces of the explanation, to two decimals rounded towards the side the rule decided (a percentile
-- down, effort above the limit up, effort within it down), so a shown number never seems to contradict
-- the tier; round(.., 6) first drops floating-point noise (0.29 * 100 = 28.999999999999996)
worded as (
    select
        *,
        case when moved_down_for_effort then 'automated' else value_tier end as service_tier,
        'CLV '
        || case
            when clv >= 100 or clv = 0 then {{ format_number('clv', 0) }}
            when clv >= 0.01 then {{ format_number('clv', 2) }}
            else 'under 0.01'
        end
        || ' EUR' as clv_text,
        {{ format_number('floor(round(clv_percentile * 100, 6)) / 100', 2) }} as percentile_text,
        cast(service_cases as {{ dbt.type_string() }}) || case when service_cases = 1 then ' contact' else ' contacts' end
        as contacts_text,
        case when orders_to_date = 0 then ' effort units without any order' else ' effort units per order' end
        as effort_unit_text
    from tiered
),

explained as (
    select
        *,
        case
            when moved_down_for_effort
                then 'automated: ' || contacts_text || ' and '
                || {{ format_number('ceil(round(coalesce(effort_units_per_order, service_effort_score) * 100, 6)) / 100', 2) }}
                || effort_unit_text || ' are above the limit of ' || {{ format_number('effort_max_units_per_order', 2) }}
                || ' (' || clv_text || ' at percentile ' || percentile_text || ' alone would give digital_plus)'
            when value_tier = 'premium'
                then 'premium: ' || clv_text || ' is in the top '
                || {{ format_number('100 * (1 - premium_min_clv_percentile)', 0) }} || ' % of customers by CLV (percentile '
                || percentile_text || ', premium from ' || {{ format_number('premium_min_clv_percentile', 2) }} || ')'
            when value_tier = 'digital_plus'
                then 'digital_plus: ' || clv_text || ' at percentile ' || percentile_text || ' (digital_plus from '
                || {{ format_number('digital_plus_min_clv_percentile', 2) }} || ', premium from '
                || {{ format_number('premium_min_clv_percentile', 2) }} || '); '
                || case
                    when service_cases = 0 then 'no service contacts'
                    when not has_minimum_evidence
                        then contacts_text || case when service_cases = 1 then ' is' else ' are' end
                        || ' below the minimum evidence of ' || {{ format_number('effort_min_contacts', 0) }}
                        || ' contacts for moving to automated'
                    else contacts_text || ', but '
                        || {{ format_number('floor(round(coalesce(effort_units_per_order, service_effort_score) * 100, 6)) / 100', 2) }}
                        || effort_unit_text || ' are not above the limit of '
                        || {{ format_number('effort_max_units_per_order', 2) }}
                end
            when orders_to_date = 0 then 'automated: no orders yet (CLV 0 EUR)'
            when clv = 0 then 'automated: CLV 0 EUR, no further purchases expected'
            else 'automated: ' || clv_text || ' at percentile ' || percentile_text || ' is below the digital_plus floor of '
                || {{ format_number('digital_plus_min_clv_percentile', 2) }}
        end as tier_reason
    from worded
)

select
    {{ star_except([
        'premium_min_clv_percentile', 'digital_plus_min_clv_percentile', 'effort_min_contacts', 'effort_max_units_per_order',
        'value_tier',
        'has_minimum_evidence', 'effort_above_limit', 'moved_down_for_effort', 'service_tier', 'tier_reason',
        'clv_text', 'percentile_text', 'contacts_text', 'effort_unit_text',
    ], 'explained') }},
    explained.service_tier,
    routing.tier_order as service_tier_order,
    routing.name_en as service_tier_name_en,
    routing.name_de as service_tier_name_de,
    explained.moved_down_for_effort,
    explained.tier_reason,
    routing.routing_en as routing_recommendation,
    routing.routing_de as routing_recommendation_de
from explained
left join routing on explained.service_tier = routing.service_tier
