-- Value at risk is part of the value at stake, and the counts of an outcome are consistent:
-- dropped + completed <= entered, and a node whose people complete never shows 100 % drop-off.
select
    journey_node_id,
    segment,
    value_at_risk,
    value_at_stake,
    entered,
    completed,
    dropped,
    drop_off_rate
from {{ ref('journey_priority_inputs') }}
where
    value_at_risk > value_at_stake + 0.01
    or value_at_risk < 0
    or dropped + completed > entered
    or (completed > 0 and drop_off_rate >= 1)
    or (has_outcome and (entered is null or value_at_risk is null))
    or (not has_outcome and (drop_off_rate is not null or value_at_risk is not null))
