-- One row per customer: lifetime value, retention potential, service effort, digital affinity,
-- influence and the service tier the atlas thresholds assign.
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

tiers as (
    select
        max(case when parameter = 'premium_min_clv_percentile' then value end) as premium_min_clv_percentile,
        max(case when parameter = 'digital_plus_min_clv_percentile' then value end) as digital_plus_min_clv_percentile,
        max(case when parameter = 'digital_plus_max_effort_percentile' then value end)
        as digital_plus_max_effort_percentile
    from {{ ref('atlas_service_tiers') }}
),

combined as (
    select
        customers.customer_id,
        customers.segment,
        coalesce(clv.orders_to_date, 0) as orders_to_date,
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
        percent_rank() over (order by clv) as clv_percentile,
        percent_rank() over (order by service_effort_score) as effort_percentile
    from combined
),

tiered as (
    select
        ranked.*,
        case
            when ranked.clv_percentile >= tiers.premium_min_clv_percentile then 'premium'
            when ranked.clv_percentile >= tiers.digital_plus_min_clv_percentile
                and ranked.effort_percentile <= tiers.digital_plus_max_effort_percentile then 'digital_plus'
            else 'automated'
        end as service_tier
    from ranked
    cross join tiers
)

select
    *,
    case service_tier
        when 'premium' then 'Personal contact: named advisor, priority queue on phone and chat'
        when 'digital_plus' then 'Fast self-service with a personal touchpoint: chat first, call-back on request'
        else 'Automated service: chatbot, help centre and customer portal'
    end as routing_recommendation
from tiered
