{#- The path of every anchor occurrence (int_path_anchors) in both directions: the touchpoints the
    person reached in the var('path_window_days') days after (or before) the anchor, on any channel and
    device of the stitched person, strictly after (before) the anchor's time (a touch in the same
    second is neither). Consecutive repeats of a touchpoint are collapsed into one step, and a first
    step equal to the anchor's own touchpoint is dropped (a reload is no step). The var('path_max_steps')
    steps nearest the anchor are kept, in time order ('before' paths end next to the anchor); path_steps
    0 and path '(none)' when nothing was reached. One row per anchor, person and direction. -#}
{%- set max_steps = var('path_max_steps') -%}
{%- set window_seconds = var('path_window_days') * 86400 -%}

with anchors as (
    select * from {{ ref('int_path_anchors') }}
),

touches as (
    select * from {{ ref('int_journey_touches') }}
),

windowed as (
    select
        anchors.anchor_type,
        anchors.anchor_id,
        anchors.person_key,
        anchors.anchor_touchpoint_id,
        'after' as direction,
        touches.touchpoint_id,
        touches.occurred_at,
        touches.touch_id,
        -- nearness to the anchor: 1 = the first touch after it
        row_number() over (
            partition by anchors.anchor_type, anchors.anchor_id, anchors.person_key
            order by touches.occurred_at, touches.touch_id
        ) as nearness
    from anchors
    inner join touches
        on
            anchors.person_key = touches.person_key
            and touches.occurred_at > anchors.anchor_at
            and touches.occurred_at <= {{ dbt.dateadd('second', window_seconds, 'anchors.anchor_at') }}

    union all

    select
        anchors.anchor_type,
        anchors.anchor_id,
        anchors.person_key,
        anchors.anchor_touchpoint_id,
        'before' as direction,
        touches.touchpoint_id,
        touches.occurred_at,
        touches.touch_id,
        -- nearness to the anchor: 1 = the last touch before it
        row_number() over (
            partition by anchors.anchor_type, anchors.anchor_id, anchors.person_key
            order by touches.occurred_at desc, touches.touch_id desc
        ) as nearness
    from anchors
    inner join touches
        on
            anchors.person_key = touches.person_key
            and touches.occurred_at < anchors.anchor_at
            and touches.occurred_at >= {{ dbt.dateadd('second', -window_seconds, 'anchors.anchor_at') }}
),

collapsed as (
    -- a touch is a repeat when the touch next nearer to the anchor (or, for the nearest, the anchor
    -- itself) is at the same touchpoint
    select
        windowed.*,
        coalesce(
            windowed.touchpoint_id = lag(windowed.touchpoint_id, 1, windowed.anchor_touchpoint_id) over (
                partition by windowed.anchor_type, windowed.anchor_id, windowed.person_key, windowed.direction
                order by windowed.nearness
            ),
            false
        ) as is_repeat
    from windowed
),

steps as (
    select
        collapsed.*,
        row_number() over (
            partition by collapsed.anchor_type, collapsed.anchor_id, collapsed.person_key, collapsed.direction
            order by collapsed.nearness
        ) as step_nearness
    from collapsed
    where not collapsed.is_repeat
),

paths as (
    select
        anchor_type,
        anchor_id,
        person_key,
        direction,
        {{ ordered_string_agg('touchpoint_id', ' > ', 'occurred_at, touch_id') }} as path,
        count(*) as path_steps
    from steps
    where step_nearness <= {{ max_steps }}
    group by anchor_type, anchor_id, person_key, direction
),

directions as (
    select 'after' as direction
    union all
    select 'before' as direction
)

select
    anchors.anchor_type,
    anchors.anchor_id,
    anchors.person_key,
    anchors.anchor_at,
    directions.direction,
    coalesce(paths.path, '(none)') as path,
    cast(coalesce(paths.path_steps, 0) as integer) as path_steps
from anchors
cross join directions
left join paths
    on
        anchors.anchor_type = paths.anchor_type
        and anchors.anchor_id = paths.anchor_id
        and anchors.person_key = paths.person_key
        and directions.direction = paths.direction
