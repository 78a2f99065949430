-- Identity stitching: a device (anonymous_id) belongs to the customer of the first event on it that
-- carries a customer_id (a login, a sign-up, a tracked link). The link applies to the device's whole
-- history, so the anonymous sessions before that first login join the customer's journey too.
with identified as (
    select
        anonymous_id,
        customer_id,
        event_at,
        row_number() over (partition by anonymous_id order by event_at, event_id) as identification_rank
    from {{ ref('stg_web__events') }}
    where customer_id is not null
)

select
    anonymous_id,
    customer_id,
    event_at as identified_at
from identified
where identification_rank = 1
