{#- Top contact reasons and the journeys behind them: service cases (int_contact_reasons) per case
    category, journey node (the case's touchpoint's micro-journey, else the journey the customer was in
    before the contact; node_source says which) and ISO week of opening. -#}
with contacts as (
    select * from {{ ref('int_contact_reasons') }}
)

select
    category,
    journey_node_id,
    node_source,
    week_start,
    cast(count(*) as bigint) as contacts,
    cast(count(distinct customer_id) as bigint) as persons,
    cast(sum(case when is_repeat_contact then 1 else 0 end) as bigint) as repeat_contacts,
    {{ exact_sum('handle_minutes') }} as handle_minutes,
    {{ exact_sum('cost_weight') }} as cost_weight,
    {{ exact_sum('effort_units') }} as effort_units,
    cast(sum(case when is_after_dropoff then 1 else 0 end) as bigint) as contacts_after_dropoff,
    avg({{ real_number("case when is_after_dropoff then 1.0 else 0.0 end") }}) as share_after_dropoff
from contacts
group by category, journey_node_id, node_source, week_start
