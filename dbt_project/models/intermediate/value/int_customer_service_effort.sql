-- Service effort (Betreuungsaufwand) per customer: contacts weighted by the channel's cost
-- (phone > store > chat > e-mail > self-service), handle minutes, escalations and repeat contacts
-- (a case opened within 7 days after the customer's previous case). Contacts are priced in
-- int_service_cases. Effort is summed in fixed point (exact_sum): the service tiers compare it with a
-- threshold, and a re-run of the same data must not flip a customer across it in the last bits.
with cases as (
    select
        *,
        lag(opened_at) over (partition by customer_id order by opened_at, case_id) as previous_opened_at
    from {{ ref('int_service_cases') }}
),

orders as (
    select customer_id, count(*) as orders
    from {{ ref('stg_crm__orders') }}
    group by customer_id
),

per_customer as (
    select
        customer_id,
        count(*) as cases,
        sum(handle_minutes) as handle_minutes,
        {{ exact_sum('cost_weight') }} as cost_weighted_contacts,
        cast(sum(case when is_escalated then 1 else 0 end) as bigint) as escalations,
        cast(sum(
            case
                when previous_opened_at is not null
                    and {{ dbt.datediff('previous_opened_at', 'opened_at', 'second') }} <= 7 * 86400 then 1
                else 0
            end
        ) as bigint) as repeat_contacts_7d,
        {{ exact_sum('effort_units') }} as effort_units
    from cases
    group by customer_id
)

select
    {{ star_except(['effort_units'], 'per_customer') }},
    coalesce(orders.orders, 0) as orders,
    {{ safe_divide('per_customer.cases', 'orders.orders') }} as cases_per_order,
    -- the cases' effort units (cost weight + handle minutes / 20 + escalation) plus one per repeat contact
    per_customer.effort_units + per_customer.repeat_contacts_7d as service_effort_score
from per_customer
left join orders on per_customer.customer_id = orders.customer_id
