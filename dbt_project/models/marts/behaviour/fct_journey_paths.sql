{#- What people do after (before) an anchor: the paths of int_journey_path_sequences counted per anchor
    and direction. The var('path_top_n') paths with the most persons keep their own row (ties: path
    text); the rest add up to one row 'other'; '(none)' (nothing reached in the window) is always its
    own row. Each person counts once per anchor (their first occurrence in the priority window), so the
    persons of an anchor and direction add up to anchor_persons. -#}
with sequences as (
    select * from {{ ref('int_journey_path_sequences') }}
),

counted as (
    select
        anchor_type,
        anchor_id,
        direction,
        path,
        path_steps,
        count(*) as persons
    from sequences
    group by anchor_type, anchor_id, direction, path, path_steps
),

ranked as (
    select
        counted.*,
        counted.path = '(none)' as is_none,
        row_number() over (
            partition by counted.anchor_type, counted.anchor_id, counted.direction, counted.path = '(none)'
            order by counted.persons desc, counted.path asc
        ) as persons_rank
    from counted
),

bucketed as (
    select
        anchor_type,
        anchor_id,
        direction,
        case when is_none or persons_rank <= {{ var('path_top_n') }} then path else 'other' end as path,
        case when is_none or persons_rank <= {{ var('path_top_n') }} then path_steps end as path_steps,
        case when not is_none and persons_rank <= {{ var('path_top_n') }} then persons_rank end as path_rank,
        persons
    from ranked
),

final as (
    select
        anchor_type,
        anchor_id,
        direction,
        path,
        max(path_steps) as path_steps,
        max(path_rank) as path_rank,
        cast(sum(persons) as bigint) as persons
    from bucketed
    group by anchor_type, anchor_id, direction, path
)

select
    anchor_type,
    anchor_id,
    direction,
    path,
    path_steps,
    cast(path_rank as bigint) as path_rank,  -- a row_number(): int on Spark
    persons,
    cast(sum(persons) over (partition by anchor_type, anchor_id, direction) as bigint) as anchor_persons,
    {{ real_number('persons * 1.0') }} / sum(persons) over (partition by anchor_type, anchor_id, direction) as share_of_anchor_persons,
    {{ var('path_window_days') }} as window_days
from final
