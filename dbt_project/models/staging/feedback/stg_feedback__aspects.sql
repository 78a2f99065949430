select
    feedback_id,
    aspect,
    clause_number,
    clause_sentiment_score,
    clause_sentiment_label
from {{ source('derived', 'feedback_aspects') }}
