-- Every interaction of a known customer across sources: journey events, orders and service cases,
-- with the channel's digital flag from the atlas (what a contact costs: int_service_cases only).
with channels as (
    select * from {{ ref('atlas_channels') }}
),

channel_lookup as (
    select * from {{ ref('int_channel_lookup') }}
),

events as (
    select stitched_customer_id as customer_id, event_at as occurred_at, channel, 'event' as interaction_type
    from {{ ref('int_events_stitched') }}
    where stitched_customer_id is not null and touchpoint_id is not null
),

orders as (
    select
        orders.customer_id,
        orders.ordered_at as occurred_at,
        coalesce(channel_lookup.channel, 'unknown') as channel,
        'order' as interaction_type
    from {{ ref('stg_crm__orders') }} as orders
    left join channel_lookup on orders.channel_raw = channel_lookup.channel_raw
),

cases as (
    select customer_id, opened_at as occurred_at, channel, 'case' as interaction_type
    from {{ ref('int_service_cases') }}
),

unioned as (
    select * from events
    union all
    select * from orders
    union all
    select * from cases
)

select
    unioned.customer_id,
    unioned.occurred_at,
    unioned.channel,
    unioned.interaction_type,
    coalesce(channels.is_digital, false) as is_digital
from unioned
left join channels on unioned.channel = channels.channel
