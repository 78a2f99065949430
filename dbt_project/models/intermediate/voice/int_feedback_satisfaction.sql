-- The customers' own verdict on one scale per feedback item: the mean of the scores it carries, each
-- mapped to [0, 1] — CSAT (1–5) as (csat - 1) / 4, NPS (0–10) as nps / 10, CES (1–7, 7 = least effort)
-- as (ces - 1) / 6 — null when it carries none. Band: low below 0.375 (CSAT 1–2), high above 0.625
-- (CSAT 4–5), mid between. The cross-validation fold (0–4) comes from a hash of the feedback id.
with responses as (
    select feedback_id, csat, nps, ces from {{ ref('stg_feedback__responses') }}
),

sentiment as (
    select feedback_id, language from {{ ref('stg_feedback__sentiment') }}
),

scaled as (
    select
        responses.feedback_id,
        coalesce(sentiment.language, 'unknown') as language,
        (
            coalesce((cast(responses.csat as double) - 1) / 4, 0)
            + coalesce(cast(responses.nps as double) / 10, 0)
            + coalesce((cast(responses.ces as double) - 1) / 6, 0)
        ) as score_sum,
        (case when responses.csat is not null then 1 else 0 end)
        + (case when responses.nps is not null then 1 else 0 end)
        + (case when responses.ces is not null then 1 else 0 end) as scores_given,
        {{ dbt.hash('responses.feedback_id') }} as id_hash
    from responses
    left join sentiment on responses.feedback_id = sentiment.feedback_id
)

select
    feedback_id,
    language,
    case when scores_given > 0 then score_sum / scores_given end as satisfaction,
    {{ satisfaction_band('case when scores_given > 0 then score_sum / scores_given end') }} as satisfaction_band,
    scores_given,
    mod(ascii(substr(id_hash, 1, 1)) * 7 + ascii(substr(id_hash, 2, 1)), 5) as cv_fold
from scaled
