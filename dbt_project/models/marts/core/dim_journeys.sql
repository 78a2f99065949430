-- The journey atlas as one row per node, with its full path (phase > journey > sub-journey > micro).
with nodes as (
    select * from {{ ref('atlas_journeys') }}
)

select
    nodes.node_id as journey_node_id,
    nodes.level as journey_level,
    nodes.level_name as journey_level_name,
    nodes.parent_id as parent_node_id,
    nodes.name_en,
    nodes.name_de,
    nodes.sort_order,
    case when nodes.level >= 1 then split_part(nodes.node_id, '.', 1) end as lifecycle_phase_id,
    case
        when nodes.level >= 2 then split_part(nodes.node_id, '.', 1) || '.' || split_part(nodes.node_id, '.', 2)
    end as high_level_journey_id,
    case
        when nodes.level >= 3
            then split_part(nodes.node_id, '.', 1) || '.' || split_part(nodes.node_id, '.', 2)
            || '.' || split_part(nodes.node_id, '.', 3)
    end as sub_journey_id,
    case when nodes.level = 4 then nodes.node_id end as micro_journey_id
from nodes
