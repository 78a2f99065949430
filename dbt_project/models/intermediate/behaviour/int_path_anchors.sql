{#- The anchors of the path analysis, one row per person and anchor: the person's FIRST occurrence of
    the anchor in the priority window (int_priority_window), so a person counts once per anchor.
    anchor_type 'touchpoint' (anchor_id = touchpoint id, any touch of it), 'funnel_dropoff'
    (anchor_id = 'funnel_id:touchpoint of the step dropped at', int_funnel_dropoffs) and
    'service_contact' (anchor_id = the case category, and 'any' for every case of a known customer). -#}
with touches as (
    select * from {{ ref('int_journey_touches') }}
),

dropoffs as (
    select * from {{ ref('int_funnel_dropoffs') }}
),

cases as (
    select * from {{ ref('int_service_cases') }}
    where customer_id is not null
),

categories as (
    select case_id, coalesce(category, 'unknown') as category from {{ ref('stg_crm__cases') }}
),

priority_window as (
    select * from {{ ref('int_priority_window') }}
),

occurrences as (
    select
        'touchpoint' as anchor_type,
        touchpoint_id as anchor_id,
        person_key,
        occurred_at as anchor_at,
        touch_id as anchor_touch_id,
        touchpoint_id as anchor_touchpoint_id
    from touches

    union all

    select
        'funnel_dropoff' as anchor_type,
        funnel_id || ':' || dropped_touchpoint_id as anchor_id,
        person_key,
        dropped_at as anchor_at,
        funnel_id || ':' || cast(period_month as {{ dbt.type_string() }}) as anchor_touch_id,
        dropped_touchpoint_id as anchor_touchpoint_id
    from dropoffs

    union all

    select
        'service_contact' as anchor_type,
        categories.category as anchor_id,
        cases.customer_id as person_key,
        cases.opened_at as anchor_at,
        cases.case_id as anchor_touch_id,
        cases.touchpoint_id as anchor_touchpoint_id
    from cases
    inner join categories on cases.case_id = categories.case_id

    union all

    select
        'service_contact' as anchor_type,
        'any' as anchor_id,
        customer_id as person_key,
        opened_at as anchor_at,
        case_id as anchor_touch_id,
        touchpoint_id as anchor_touchpoint_id
    from cases
),

ranked as (
    select
        occurrences.*,
        row_number() over (
            partition by occurrences.anchor_type, occurrences.anchor_id, occurrences.person_key
            order by occurrences.anchor_at, occurrences.anchor_touch_id
        ) as occurrence_rank
    from occurrences
    cross join priority_window
    where cast(occurrences.anchor_at as date) between priority_window.window_start_date and priority_window.window_end_date
)

select
    anchor_type,
    anchor_id,
    person_key,
    anchor_at,
    anchor_touch_id,
    anchor_touchpoint_id
from ranked
where occurrence_rank = 1
