-- The service-tier thresholds of seeds/atlas/atlas_service_tiers.csv as one row, for the tier rule
-- (dim_customer_value) and the test that none is missing.
select
    max(case when parameter = 'premium_min_clv_percentile' then value end) as premium_min_clv_percentile,
    max(case when parameter = 'digital_plus_min_clv_percentile' then value end) as digital_plus_min_clv_percentile,
    max(case when parameter = 'effort_min_contacts' then value end) as effort_min_contacts,
    max(case when parameter = 'effort_max_units_per_order' then value end) as effort_max_units_per_order
from {{ ref('atlas_service_tiers') }}
