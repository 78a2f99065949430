-- Feedback items without any score (no CSAT, NPS or CES), with the satisfaction their words suggest:
-- the language's mean plus the mean shift of the learned, non-vetoed pain and gain phrases they contain
-- (int_feedback_phrase_estimates, phrases learned on all scored items). An estimate, not a survey
-- answer: items with phrases_used = 0 get the language mean.
select
    estimates.feedback_id,
    estimates.language,
    estimates.phrases_used,
    estimates.estimated_satisfaction,
    estimates.estimated_band,
    sentiment.touchpoint_id,
    sentiment.high_level_journey_id,
    sentiment.sentiment_label
from {{ ref('int_feedback_phrase_estimates') }} as estimates
inner join {{ ref('fct_feedback_sentiment') }} as sentiment on estimates.feedback_id = sentiment.feedback_id
where estimates.held_out_fold = -1
