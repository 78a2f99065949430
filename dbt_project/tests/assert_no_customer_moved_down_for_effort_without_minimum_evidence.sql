-- One service contact never moves a valuable customer to automation: a customer whose CLV percentile
-- reaches the digital_plus floor ends in automated only with at least effort_min_contacts contacts and
-- effort per order above effort_max_units_per_order (seeds/atlas/atlas_service_tiers.csv). Recomputed
-- from the published columns, not from the model's own flag. Returns the customers that break it.
{{ config(meta={'dagster': {'ref': {'name': 'dim_customer_value'}}}) }}  {#- the asset this check belongs to in Dagster -#}
with thresholds as (
    select
        max(case when parameter = 'digital_plus_min_clv_percentile' then value end) as digital_plus_min_clv_percentile,
        max(case when parameter = 'effort_min_contacts' then value end) as effort_min_contacts,
        max(case when parameter = 'effort_max_units_per_order' then value end) as effort_max_units_per_order
    from {{ ref('atlas_service_tiers') }}
)

select
    customers.customer_id,
    customers.clv_percentile,
    customers.service_cases,
    customers.effort_units_per_order,
    customers.service_tier,
    customers.tier_reason
from {{ ref('dim_customer_value') }} as customers
cross join thresholds
where
    customers.clv_percentile >= thresholds.digital_plus_min_clv_percentile
    and (customers.service_tier = 'automated' or customers.moved_down_for_effort)
    and (
        customers.service_cases < thresholds.effort_min_contacts
        or coalesce(customers.effort_units_per_order, customers.service_effort_score)
        <= thresholds.effort_max_units_per_order
    )
