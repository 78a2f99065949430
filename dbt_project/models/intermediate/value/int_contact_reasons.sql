{#- Every service case with its reason and the journey it came from, one row per case:
    * journey node: the micro-journey of the case's touchpoint where it has one the atlas knows
      (node_source 'case_touchpoint'); else the micro-journey of the customer's last journey event
      before the case was opened, at most var('contact_journey_lookback_days') days before
      ('prior_journey'); else 'unknown' ('none');
    * repeat contact: the customer's previous case was opened at most var('repeat_contact_days') days
      earlier (exactly that many days counts);
    * after drop-off: the case was opened after a funnel drop-off of the customer (int_funnel_dropoffs)
      and within that funnel's window from it, the rule fct_funnel_dropoff_next follows.
    Cost: cost_weight and effort_units as int_service_cases prices a contact. -#}
{%- set lookback_seconds = var('contact_journey_lookback_days') * 86400 -%}
{%- set repeat_seconds = var('repeat_contact_days') * 86400 -%}

with cases as (
    select * from {{ ref('int_service_cases') }}
),

categories as (
    select case_id, category from {{ ref('stg_crm__cases') }}
),

touchpoints as (
    select touchpoint_id, micro_journey_id from {{ ref('int_atlas_touchpoints') }}
),

events as (
    select
        events.person_key,
        events.event_at,
        events.event_id,
        touchpoints.micro_journey_id
    from {{ ref('int_events_stitched') }} as events
    inner join touchpoints on events.touchpoint_id = touchpoints.touchpoint_id
    where events.stitched_customer_id is not null
),

dropoffs as (
    select * from {{ ref('int_funnel_dropoffs') }}
),

prior_events as (
    select
        cases.case_id,
        events.micro_journey_id,
        row_number() over (
            partition by cases.case_id order by events.event_at desc, events.event_id desc
        ) as recency
    from cases
    inner join events
        on
            cases.customer_id = events.person_key
            and events.event_at < cases.opened_at
            and events.event_at >= {{ dbt.dateadd('second', -lookback_seconds, 'cases.opened_at') }}
),

after_dropoff as (
    select distinct cases.case_id
    from cases
    inner join dropoffs
        on
            cases.customer_id = dropoffs.person_key
            and cases.opened_at > dropoffs.dropped_at
            and cases.opened_at <= dropoffs.window_ends_at
),

previous_cases as (
    select
        case_id,
        lag(opened_at) over (partition by customer_id order by opened_at, case_id) as previous_opened_at
    from cases
    where customer_id is not null
)

select
    cases.case_id,
    cases.customer_id,
    cases.opened_at,
    {{ iso_week_start('cases.opened_at') }} as week_start,
    coalesce(categories.category, 'unknown') as category,
    cases.channel,
    cases.touchpoint_id,
    coalesce(touchpoints.micro_journey_id, prior_events.micro_journey_id, 'unknown') as journey_node_id,
    case
        when touchpoints.micro_journey_id is not null then 'case_touchpoint'
        when prior_events.micro_journey_id is not null then 'prior_journey'
        else 'none'
    end as node_source,
    coalesce(
        previous_cases.previous_opened_at
        >= {{ dbt.dateadd('second', -repeat_seconds, 'cases.opened_at') }},
        false
    ) as is_repeat_contact,
    after_dropoff.case_id is not null as is_after_dropoff,
    cases.handle_minutes,
    cases.cost_weight,
    cases.effort_units
from cases
left join categories on cases.case_id = categories.case_id
left join touchpoints on cases.touchpoint_id = touchpoints.touchpoint_id
left join prior_events on cases.case_id = prior_events.case_id and prior_events.recency = 1
left join previous_cases on cases.case_id = previous_cases.case_id
left join after_dropoff on cases.case_id = after_dropoff.case_id
