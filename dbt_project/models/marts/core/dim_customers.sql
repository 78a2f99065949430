-- One row per CRM customer (direct identifiers only as keyed hashes) with first contact and channel mix.
with customers as (
    select * from {{ ref('stg_crm__customers') }}
),

interactions as (
    select * from {{ ref('int_customer_interactions') }}
),

mix as (
    select
        customer_id,
        min(occurred_at) as first_interaction_at,
        max(occurred_at) as last_interaction_at,
        count(*) as interactions,
        cast(sum(case when is_digital then 1 else 0 end) as bigint) as digital_interactions,
        cast(sum(case when channel = 'web' then 1 else 0 end) as bigint) as web_interactions,
        cast(sum(case when channel = 'app' then 1 else 0 end) as bigint) as app_interactions,
        cast(sum(case when channel = 'email' then 1 else 0 end) as bigint) as email_interactions,
        cast(sum(case when channel = 'chat' then 1 else 0 end) as bigint) as chat_interactions,
        cast(sum(case when channel = 'phone' then 1 else 0 end) as bigint) as phone_interactions,
        cast(sum(case when channel = 'store' then 1 else 0 end) as bigint) as store_interactions
    from interactions
    group by customer_id
)

select
    customers.customer_id,
    customers.email_hash,
    customers.first_name_hash,
    customers.last_name_hash,
    customers.phone_hash,
    customers.street_hash,
    customers.postal_code,
    customers.city,
    customers.country,
    customers.segment,
    customers.created_at,
    customers.referred_by_customer_id,
    least(customers.created_at, coalesce(mix.first_interaction_at, customers.created_at)) as first_seen_at,
    mix.last_interaction_at,
    coalesce(mix.interactions, 0) as interactions,
    coalesce(mix.web_interactions, 0) as web_interactions,
    coalesce(mix.app_interactions, 0) as app_interactions,
    coalesce(mix.email_interactions, 0) as email_interactions,
    coalesce(mix.chat_interactions, 0) as chat_interactions,
    coalesce(mix.phone_interactions, 0) as phone_interactions,
    coalesce(mix.store_interactions, 0) as store_interactions,
    {{ safe_divide('mix.digital_interactions', 'mix.interactions') }} as digital_share
from customers
left join mix on customers.customer_id = mix.customer_id
