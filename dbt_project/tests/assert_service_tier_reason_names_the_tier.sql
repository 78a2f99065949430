-- Every tier_reason starts with the customer's tier ("premium: ...") so the explanation can never
-- contradict the tier. Returns the customers that break it.
select customer_id, service_tier, tier_reason
from {{ ref('dim_customer_value') }}
where left(tier_reason, length(service_tier) + 2) <> service_tier || ': '  -- starts with '<tier>: ' (portable)
