select
    feedback_id,
    language,
    sentiment_score,
    sentiment_label
from {{ source('derived', 'feedback_sentiment') }}
