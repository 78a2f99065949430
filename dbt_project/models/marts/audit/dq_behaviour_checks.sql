-- Data-quality shares of the behavioural data, one row per check: late events (an event whose export
-- file is dated after the event's own date: it arrived late; counted per file and day in late_events) and sessions spanning two dates (kept
-- whole, not split at midnight). A share above its threshold sets status 'warn' (a warning asset
-- check in Dagster), it never drops data.
-- Keys that do not meet: orders, cases and feedback of a customer the CRM export does not hold, and
-- cases and feedback naming a touchpoint or journey node the atlas lacks. The exports can legitimately
-- hold them (a customer created after the CRM export, an export ahead of the atlas), the ingestion
-- keeps them and the marts carry them (segment 'unknown'), so they are counted here, not a failing
-- relationships test that would stop the night.
with events as (
    select count(*) as total from {{ ref('stg_web__events') }}
),

-- late events are counted per file and day in audit.late_events (their one home)
late_events as (
    select sum(late_events) as affected from {{ ref('late_events') }}
),

sessions as (
    select spans_two_dates from {{ ref('fct_sessions') }}
),

crm_customers as (
    select customer_id from {{ ref('stg_crm__customers') }}
),

atlas_touchpoints as (
    select touchpoint_id from {{ ref('atlas_touchpoints') }}
),

atlas_journeys as (
    select node_id from {{ ref('atlas_journeys') }}
),

unknown_keys as (
    select
        'orders_of_customers_not_in_crm' as check_name,
        'orders whose customer_id is not in the CRM customers' as description,
        cast(sum(case when crm_customers.customer_id is null then 1 else 0 end) as bigint) as affected,
        count(*) as total
    from {{ ref('stg_crm__orders') }} as orders
    left join crm_customers on orders.customer_id = crm_customers.customer_id
    union all
    select
        'cases_of_customers_not_in_crm' as check_name,
        'service cases whose customer_id is not in the CRM customers' as description,
        cast(sum(case when crm_customers.customer_id is null then 1 else 0 end) as bigint) as affected,
        count(*) as total
    from {{ ref('stg_crm__cases') }} as cases
    left join crm_customers on cases.customer_id = crm_customers.customer_id
    union all
    select
        'feedback_of_customers_not_in_crm' as check_name,
        'feedback items with a customer_id that is not in the CRM customers (anonymous items not counted)'
            as description,
        cast(sum(case when crm_customers.customer_id is null then 1 else 0 end) as bigint) as affected,
        count(*) as total
    from {{ ref('stg_feedback__responses') }} as feedback
    left join crm_customers on feedback.customer_id = crm_customers.customer_id
    where feedback.customer_id is not null
    union all
    select
        'cases_with_touchpoint_not_in_atlas' as check_name,
        'service cases naming a touchpoint the atlas lacks (cases without touchpoint not counted)'
            as description,
        cast(sum(case when atlas_touchpoints.touchpoint_id is null then 1 else 0 end) as bigint) as affected,
        count(*) as total
    from {{ ref('stg_crm__cases') }} as cases
    left join atlas_touchpoints on cases.touchpoint_id = atlas_touchpoints.touchpoint_id
    where cases.touchpoint_id is not null
    union all
    select
        'feedback_with_touchpoint_not_in_atlas' as check_name,
        'feedback items naming a touchpoint the atlas lacks (items without touchpoint not counted)'
            as description,
        cast(sum(case when atlas_touchpoints.touchpoint_id is null then 1 else 0 end) as bigint) as affected,
        count(*) as total
    from {{ ref('stg_feedback__responses') }} as feedback
    left join atlas_touchpoints on feedback.touchpoint_id = atlas_touchpoints.touchpoint_id
    where feedback.touchpoint_id is not null
    union all
    select
        'feedback_with_journey_not_in_atlas' as check_name,
        'feedback items naming a journey node the atlas lacks (items without journey not counted)'
            as description,
        cast(sum(case when atlas_journeys.node_id is null then 1 else 0 end) as bigint) as affected,
        count(*) as total
    from {{ ref('stg_feedback__responses') }} as feedback
    left join atlas_journeys on feedback.journey_node_id = atlas_journeys.node_id
    where feedback.journey_node_id is not null
),

checks as (
    select
        'late_events' as check_name,
        'events in an export file dated after the event date (audit.late_events)' as description,
        cast(late_events.affected as bigint) as affected,
        events.total,
        cast({{ var('dq_late_event_share_warn') }} as double) as warn_above_share
    from events
    cross join late_events
    union all
    select
        'sessions_spanning_two_dates' as check_name,
        'sessions that cross midnight (UTC) and are kept as one session' as description,
        cast(sum(case when spans_two_dates then 1 else 0 end) as bigint) as affected,
        count(*) as total,
        cast({{ var('dq_midnight_session_share_warn') }} as double) as warn_above_share
    from sessions
    union all
    select
        check_name,
        description,
        coalesce(affected, 0) as affected,
        total,
        cast({{ var('dq_unknown_key_share_warn') }} as double) as warn_above_share
    from unknown_keys
),

shares as (
    select *, {{ safe_divide('affected', 'total') }} as share
    from checks
)

select
    check_name,
    description,
    affected,
    total,
    share,
    warn_above_share,
    case when coalesce(share, 0) > warn_above_share then 'warn' else 'ok' end as status
from shares
