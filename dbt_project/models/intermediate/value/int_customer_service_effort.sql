-- Service effort (Betreuungsaufwand) per customer: contacts weighted by the channel's cost
-- (phone > store > chat > e-mail > self-service), handle minutes, escalations and repeat contacts
-- (a case opened within 7 days after the customer's previous case).
with cases as (
    select * from {{ ref('stg_crm__cases') }}
),

channel_lookup as (
    select * from {{ ref('int_channel_lookup') }}
),

channels as (
    select * from {{ ref('atlas_channels') }}
),

orders as (
    select customer_id, count(*) as orders
    from {{ ref('stg_crm__orders') }}
    group by customer_id
),

weighted as (
    select
        cases.customer_id,
        cases.case_id,
        cases.opened_at,
        cases.touchpoint_id,
        coalesce(cases.handle_minutes, 0) as handle_minutes,
        cases.is_escalated,
        coalesce(channels.cost_weight, 0.5) as cost_weight,
        lag(cases.opened_at) over (partition by cases.customer_id order by cases.opened_at, cases.case_id)
        as previous_opened_at
    from cases
    left join channel_lookup on cases.channel_raw = channel_lookup.channel_raw
    left join channels on channel_lookup.channel = channels.channel
),

per_customer as (
    select
        customer_id,
        count(*) as cases,
        sum(handle_minutes) as handle_minutes,
        sum(cost_weight) as cost_weighted_contacts,
        sum(case when is_escalated then 1 else 0 end) as escalations,
        sum(
            case
                when previous_opened_at is not null
                    and {{ dbt.datediff('previous_opened_at', 'opened_at', 'second') }} <= 7 * 86400 then 1
                else 0
            end
        ) as repeat_contacts_7d
    from weighted
    group by customer_id
)

select
    per_customer.*,
    coalesce(orders.orders, 0) as orders,
    {{ safe_divide('per_customer.cases', 'orders.orders') }} as cases_per_order,
    -- one effort unit = one phone contact; handle time adds a unit per 20 minutes, escalations and
    -- repeat contacts one each
    per_customer.cost_weighted_contacts
    + per_customer.handle_minutes / 20.0
    + per_customer.escalations
    + per_customer.repeat_contacts_7d as service_effort_score
from per_customer
left join orders on per_customer.customer_id = orders.customer_id
