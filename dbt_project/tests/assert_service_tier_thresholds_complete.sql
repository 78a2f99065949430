-- The service tier rule reads four thresholds from seeds/atlas/atlas_service_tiers.csv; a missing one
-- would silently send customers to automated. Also the digital_plus floor may not lie above the premium
-- floor, and the minimum evidence must be at least two contacts (one contact never moves a customer
-- down). Returns a row per problem.
with thresholds as (
    select
        max(case when parameter = 'premium_min_clv_percentile' then value end) as premium_min_clv_percentile,
        max(case when parameter = 'digital_plus_min_clv_percentile' then value end) as digital_plus_min_clv_percentile,
        max(case when parameter = 'effort_min_contacts' then value end) as effort_min_contacts,
        max(case when parameter = 'effort_max_units_per_order' then value end) as effort_max_units_per_order
    from {{ ref('atlas_service_tiers') }}
)

select *
from thresholds
where
    premium_min_clv_percentile is null
    or digital_plus_min_clv_percentile is null
    or effort_min_contacts is null
    or effort_max_units_per_order is null
    or digital_plus_min_clv_percentile > premium_min_clv_percentile
    or premium_min_clv_percentile > 1
    or digital_plus_min_clv_percentile < 0
    or effort_min_contacts < 2
    or effort_max_units_per_order < 0
