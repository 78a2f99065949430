{#- The steps of every anchor occurrence's paths (int_path_anchors), both directions: one row per anchor,
    person, direction and distance in steps from the anchor (1 = the nearest step), with the touchpoint
    of that step; int_journey_path_sequences joins them into paths. The rules of a path (window,
    collapsed repeats, no reload step, at most var('path_max_steps') steps) are described there.

    A model of its own so that the path aggregation runs after this has been written: in one query,
    the joins' hash tables and the aggregation over the steps did not fit 400 MB at 10M events (one
    model at a time; docs/benchmarks.md), apart they spill.

    How, without joining each anchor to every touch of its window (at 10M events that join, tens of
    millions of rows carried through three windows, ran out of memory): each person's touches are
    numbered once in time order and counted by the steps they start going forward and going back
    (int_journey_touch_steps, read where used: stored again as a CTE, all touches would be copied
    once more). An anchor finds its
    nearest touch after and before it with a running window over anchors and touches together, and
    its further steps by those counts: the touches that start the next path_max_steps steps, an
    equality join of at most path_max_steps rows per anchor and direction. -#}
{%- set max_steps = var('path_max_steps') -%}
{%- set window_seconds = var('path_window_days') * 86400 -%}

with numbered as {{ not_materialized() }} (
    select * from {{ ref('int_journey_touch_steps') }}
),

-- anchors and touches in one stream per person, in time order: an anchor's nearest touch after it is
-- the one after the greatest touch_seq at or before the anchor's time, its nearest touch before it the
-- one before the least touch_seq at or after that time (a touch at the anchor's own time is neither;
-- touch_seq 0 or past the person's last touch finds none). RANGE frames take every row of the same
-- time; the three running values share one ordering, so the stream is sorted once
stream as (
    select
        person_key,
        anchor_type,
        anchor_id,
        anchor_touchpoint_id,
        anchor_at as stream_at,
        1 as is_anchor,
        cast(null as bigint) as touch_seq
    from {{ ref('int_path_anchors') }}

    union all

    select
        person_key,
        cast(null as {{ dbt.type_string() }}) as anchor_type,
        cast(null as {{ dbt.type_string() }}) as anchor_id,
        cast(null as {{ dbt.type_string() }}) as anchor_touchpoint_id,
        occurred_at as stream_at,
        0 as is_anchor,
        touch_seq
    from numbered
),

-- one row per anchor, with its anchor columns (the touches' rows are only the windows' context)
nearest as (
    select * from (
        select
            person_key,
            anchor_type,
            anchor_id,
            anchor_touchpoint_id,
            stream_at as anchor_at,
            is_anchor,
            coalesce(
                max(touch_seq) over (
                    partition by person_key order by stream_at
                    range between unbounded preceding and current row
                ),
                0
            ) + 1 as first_after_seq,
            coalesce(
                min(touch_seq) over (
                    partition by person_key order by stream_at
                    range between current row and unbounded following
                ) - 1,
                max(touch_seq) over (
                    partition by person_key order by stream_at
                    range between unbounded preceding and unbounded following
                )
            ) as last_before_seq
        from stream
    ) as stream_windows
    where is_anchor = 1
),

{#- Per direction: the anchor's nearest touch (a column of `nearest`), the step count and repeat flag
    of `numbered` going that way, and the window's bound (its sign, and the comparison that keeps a
    touch inside it). -#}
{%- set directions = [
    {'name': 'after', 'nearest': 'first_after_seq', 'step_seq': 'forward_step_seq',
     'repeats': 'repeats_previous', 'within': '<=', 'seconds': window_seconds},
    {'name': 'before', 'nearest': 'last_before_seq', 'step_seq': 'backward_step_seq',
     'repeats': 'repeats_next', 'within': '>=', 'seconds': -window_seconds},
] %}

-- the touch nearest each anchor in each direction, within the window; a step unless it is at the
-- anchor's own touchpoint
nearest_touches as (
    {%- for d in directions %}
    {%- if not loop.first %}

    union all
    {% endif %}
    select
        nearest.anchor_type,
        nearest.anchor_id,
        nearest.person_key,
        nearest.anchor_at,
        '{{ d.name }}' as direction,
        touch.occurred_at,
        touch.touchpoint_id,
        touch.{{ d.step_seq }} as step_seq,
        coalesce(touch.touchpoint_id = nearest.anchor_touchpoint_id, false) as is_reload
    from nearest
    inner join numbered as touch
        on
            nearest.person_key = touch.person_key
            and nearest.{{ d.nearest }} = touch.touch_seq
    where touch.occurred_at {{ d.within }} {{ dbt.dateadd('second', d.seconds, 'nearest.anchor_at') }}
    {%- endfor %}
),

offsets as (
    {%- for k in range(1, max_steps + 1) %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select {{ k }} as step_offset
    {%- endfor %}
),

-- the nearest touch when it is a step, and the touches that start the following steps (a touch that
-- repeats its nearer neighbour starts none), within the window: path_max_steps steps in all, each with
-- its distance from the anchor in steps (1 = nearest). The steps of a path are contiguous in distance:
-- offset k is the k-th step past the nearest touch, and the window ends the path at its first step
-- outside it
steps as (
    select
        anchor_type,
        anchor_id,
        person_key,
        direction,
        touchpoint_id,
        1 as distance
    from nearest_touches
    where not is_reload
    {%- for d in directions %}

    union all

    select
        nearest_touches.anchor_type,
        nearest_touches.anchor_id,
        nearest_touches.person_key,
        nearest_touches.direction,
        further.touchpoint_id,
        offsets.step_offset + case when nearest_touches.is_reload then 0 else 1 end as distance
    from nearest_touches
    inner join offsets
        on offsets.step_offset <= {{ max_steps }} - case when nearest_touches.is_reload then 0 else 1 end
    inner join numbered as further
        on
            nearest_touches.person_key = further.person_key
            and nearest_touches.step_seq + offsets.step_offset = further.{{ d.step_seq }}
    where
        nearest_touches.direction = '{{ d.name }}'
        and not further.{{ d.repeats }}
        and further.occurred_at {{ d.within }} {{ dbt.dateadd('second', d.seconds, 'nearest_touches.anchor_at') }}
    {%- endfor %}
)

select
    anchor_type,
    anchor_id,
    person_key,
    direction,
    touchpoint_id,
    distance
from steps
