{#- The path of every anchor occurrence (int_path_anchors) in both directions: the touchpoints the
    person reached in the var('path_window_days') days after (or before) the anchor, on any channel and
    device of the stitched person, strictly after (before) the anchor's time (a touch in the same
    second is neither). Consecutive repeats of a touchpoint are collapsed into one step, and a first
    step equal to the anchor's own touchpoint is dropped (a reload is no step). The var('path_max_steps')
    steps nearest the anchor are kept, in time order ('before' paths end next to the anchor); path_steps
    0 and path '(none)' when nothing was reached. One row per anchor, person and direction.

    The steps come from int_journey_path_steps (one row per step and its distance from the anchor). -#}
{%- set max_steps = var('path_max_steps') %}

with anchors as (
    select * from {{ ref('int_path_anchors') }}
),

steps as (
    select * from {{ ref('int_journey_path_steps') }}
),

-- a path in time order: 'after' paths start next to the anchor (distance 1 first), 'before' paths end
-- there (distance 1 last). The steps by distance in columns, joined with concat_ws, which skips the
-- empty ones: a plain aggregate (a string_agg ordered inside each of millions of groups was about
-- half the model's time at 10M events)
paths as (
    select
        anchor_type,
        anchor_id,
        person_key,
        direction,
        case
            {%- for direction, distances in [('after', range(1, max_steps + 1)), ('before', range(max_steps, 0, -1))] %}
            when direction = '{{ direction }}'
                then concat_ws(
                    ' > '
                    {%- for k in distances %},
                    step_{{ k }}
                    {%- endfor %}
                )
            {%- endfor %}
        end as path,
        path_steps
    from (
        select
            anchor_type,
            anchor_id,
            person_key,
            direction,
            {%- for k in range(1, max_steps + 1) %}
            max(case when distance = {{ k }} then touchpoint_id end) as step_{{ k }},
            {%- endfor %}
            count(*) as path_steps
        from steps
        group by anchor_type, anchor_id, person_key, direction
    ) as by_distance
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
