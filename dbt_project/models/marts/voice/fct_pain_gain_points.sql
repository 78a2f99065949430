-- What customers mention at each touchpoint: an aspect named in a negative clause is a pain point, in a
-- positive clause a gain point; the clause, not the whole item, decides ("Preis und Leistung stimmen,
-- aber schlechte Qualität": price gain, quality pain), so an item with mixed clauses feeds both sides.
-- An item counts once per touchpoint, aspect and side, with the mean score of its clauses on that side.
-- The example quote is the whole text of the most extreme item (already pseudonymised).
with feedback as (
    select * from {{ ref('fct_feedback_sentiment') }}
    where touchpoint_id is not null
),

aspects as (
    select * from {{ ref('stg_feedback__aspects') }}
    where clause_sentiment_label in ('negative', 'positive')
),

mentions as (
    select
        feedback.touchpoint_id,
        aspects.aspect,
        case when aspects.clause_sentiment_label = 'negative' then 'pain' else 'gain' end as polarity,
        feedback.feedback_id,
        avg(aspects.clause_sentiment_score) as sentiment_score,
        any_value(feedback.feedback_text) as feedback_text
    from feedback
    inner join aspects on feedback.feedback_id = aspects.feedback_id
    group by feedback.touchpoint_id, aspects.aspect, aspects.clause_sentiment_label, feedback.feedback_id
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
    -- row_number() is bigint on DuckDB, int on Spark: bigint on both (the contract's type)
    cast(row_number() over (partition by touchpoint_id, polarity order by count(*) desc, aspect) as bigint) as aspect_rank
from ranked
group by touchpoint_id, aspect, polarity
