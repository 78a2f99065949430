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

-- (check name, what it counts, the table and key whose value may be unknown, where it must be found,
-- whether rows without a value are left out: anonymous feedback, cases without touchpoint)
{%- set unknown_key_checks = [
    ('orders_of_customers_not_in_crm', 'orders whose customer_id is not in the CRM customers',
        'stg_crm__orders', 'customer_id', 'stg_crm__customers', 'customer_id', false),
    ('cases_of_customers_not_in_crm', 'service cases whose customer_id is not in the CRM customers',
        'stg_crm__cases', 'customer_id', 'stg_crm__customers', 'customer_id', false),
    ('feedback_of_customers_not_in_crm',
        'feedback items with a customer_id that is not in the CRM customers (anonymous items not counted)',
        'stg_feedback__responses', 'customer_id', 'stg_crm__customers', 'customer_id', true),
    ('cases_with_touchpoint_not_in_atlas',
        'service cases naming a touchpoint the atlas lacks (cases without touchpoint not counted)',
        'stg_crm__cases', 'touchpoint_id', 'atlas_touchpoints', 'touchpoint_id', true),
    ('feedback_with_touchpoint_not_in_atlas',
        'feedback items naming a touchpoint the atlas lacks (items without touchpoint not counted)',
        'stg_feedback__responses', 'touchpoint_id', 'atlas_touchpoints', 'touchpoint_id', true),
    ('feedback_with_journey_not_in_atlas',
        'feedback items naming a journey node the atlas lacks (items without journey not counted)',
        'stg_feedback__responses', 'journey_node_id', 'atlas_journeys', 'node_id', true),
] %}

unknown_keys as (
    {%- for name, description, child, child_key, parent, parent_key, skip_missing in unknown_key_checks %}
        select
            '{{ name }}' as check_name,
            '{{ description }}' as description,
            cast(sum(case when known.{{ parent_key }} is null then 1 else 0 end) as bigint) as affected,
            count(*) as total
        from {{ ref(child) }} as child
        left join {{ ref(parent) }} as known on child.{{ child_key }} = known.{{ parent_key }}
        {% if skip_missing %}where child.{{ child_key }} is not null{% endif %}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
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
