select
    feedback_id,
    language,
    phrase,
    cast(n_tokens as integer) as n_tokens,
    aspect as covered_by_aspect
from {{ source('derived', 'feedback_phrases') }}
