-- What customers mention at each touchpoint: aspects of negative feedback are pain points, of
-- positive feedback gain points. The example quote is the most extreme item (already pseudonymised).
with feedback as (
    select * from {{ ref('fct_feedback_sentiment') }}
    where touchpoint_id is not null and sentiment_label in ('negative', 'positive')
),

aspects as (
    select * from {{ ref('stg_feedback__aspects') }}
),

mentions as (
    select
        feedback.touchpoint_id,
        aspects.aspect,
        case when feedback.sentiment_label = 'negative' then 'pain' else 'gain' end as polarity,
        feedback.feedback_id,
        feedback.sentiment_score,
        feedback.feedback_text
    from feedback
    inner join aspects on feedback.feedback_id = aspects.feedback_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by touchpoint_id, aspect, polarity
            order by case when polarity = 'pain' then sentiment_score else -sentiment_score end, feedback_id
        ) as extremity_rank
    from mentions
)

select
    touchpoint_id,
    aspect,
    polarity,
    count(*) as mentions,
    avg(sentiment_score) as avg_sentiment,
    max(case when extremity_rank = 1 then feedback_text end) as example_quote,
    row_number() over (partition by touchpoint_id, polarity order by count(*) desc, aspect) as aspect_rank
from ranked
group by touchpoint_id, aspect, polarity
