select
    feedback_id,
    aspect
from {{ source('derived', 'feedback_aspects') }}
