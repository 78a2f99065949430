-- Voice of the customer per touchpoint over the whole window (all dates, channels and segments): the
-- roll-up the report shows, counted from the feedback items themselves (a mean of daily means
-- weighted by responses is wrong where some answers lack a score).
select
    touchpoint_id,
    count(*) as feedback_responses,
    avg(sentiment_score) as avg_sentiment,
    {{ negative_share('sentiment_label') }} as negative_share,
    count(csat) as csat_responses,
    avg(csat) as avg_csat,
    count(nps) as nps_responses,
    {{ nps_score('nps') }} as nps_score,
    avg(ces) as avg_ces
from {{ ref('fct_feedback_sentiment') }}
where touchpoint_id is not null
group by touchpoint_id
