-- The service tier rule reads four thresholds from seeds/atlas/atlas_service_tiers.csv; a missing one
-- would silently send customers to automated. Also the digital_plus floor may not lie above the premium
-- floor, and the minimum evidence must be at least two contacts (one contact never moves a customer
-- down). Returns a row per problem.
with thresholds as (
    select * from {{ ref('int_service_tier_thresholds') }}
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
