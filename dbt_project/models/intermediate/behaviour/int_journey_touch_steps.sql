{#- Every person's touches (int_journey_touches) numbered in time order (then touch id), whether each
    repeats the touchpoint of the touch before / after it, and the running count of the steps they start
    going forward (a touch at another touchpoint than the one before it) and going back (than the one
    after it). int_journey_path_steps finds an anchor's steps by these counts.

    A model of its own: inside the path model, stored once and read four times, these rows (all touches)
    were written to disk beside the path joins' own spill; at 100M events that model spilled more than
    37 GB and was stopped (docs/benchmarks.md). One ordering for everything: the lag, the lead and the
    row number share it, and the backward count is the person's total less the forward running sum of
    the same flags, so the touches are sorted twice in all (once per select), not four times. -#}
with numbered as (
    select
        person_key,
        occurred_at,
        touchpoint_id,
        row_number() over (partition by person_key order by occurred_at, touch_id) as touch_seq,
        coalesce(
            touchpoint_id = lag(touchpoint_id) over (partition by person_key order by occurred_at, touch_id),
            false
        ) as repeats_previous,
        coalesce(
            touchpoint_id = lead(touchpoint_id) over (partition by person_key order by occurred_at, touch_id),
            false
        ) as repeats_next
    from {{ ref('int_journey_touches') }}
)

select
    person_key,
    touch_seq,
    occurred_at,
    touchpoint_id,
    repeats_previous,
    repeats_next,
    sum(case when repeats_previous then 0 else 1 end) over (
        partition by person_key order by touch_seq rows between unbounded preceding and current row
    ) as forward_step_seq,
    -- the steps starting at this touch or later going back: the person's total, less those before it
    sum(case when repeats_next then 0 else 1 end) over (partition by person_key)
    - sum(case when repeats_next then 0 else 1 end) over (
        partition by person_key order by touch_seq rows between unbounded preceding and current row
    )
    + case when repeats_next then 0 else 1 end as backward_step_seq
from numbered
