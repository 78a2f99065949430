-- Satisfaction estimated from learned phrases: the language's mean satisfaction plus the mean score
-- shift of the usable phrases the item contains (support >= var('learned_phrase_min_support'), polarity
-- pain or gain, not vetoed), clipped to [0, 1]; the language mean when it contains none. Per fold: with
-- held_out_fold = -1 (phrases learned from all scored items) for the items without a score; with fold
-- k (phrases learned without fold k) for the scored items of fold k — the cross-validation.
with satisfaction as (
    select * from {{ ref('int_feedback_satisfaction') }}
    where language in ('de', 'en')
),

phrase_stats as (
    select * from {{ ref('int_learned_phrase_folds') }}
),

phrases as (
    select feedback_id, language, phrase from {{ ref('stg_feedback__phrases') }}
),

baselines as (
    select distinct held_out_fold, language, language_mean_satisfaction from phrase_stats
),

targets as (
    select
        case when satisfaction.satisfaction is null then -1 else satisfaction.cv_fold end as held_out_fold,
        satisfaction.feedback_id,
        satisfaction.language,
        satisfaction.satisfaction,
        satisfaction.satisfaction_band
    from satisfaction
),

matched as (
    select
        targets.held_out_fold,
        targets.feedback_id,
        count(*) as phrases_used,
        {{ exact_avg('phrase_stats.score_shift') }} as mean_shift
    from targets
    inner join phrases on targets.feedback_id = phrases.feedback_id and targets.language = phrases.language
    inner join phrase_stats
        on
            targets.held_out_fold = phrase_stats.held_out_fold
            and phrases.language = phrase_stats.language
            and phrases.phrase = phrase_stats.phrase
    where phrase_stats.meets_min_support and not phrase_stats.vetoed and phrase_stats.polarity != 'unclear'
    group by targets.held_out_fold, targets.feedback_id
),

estimated as (
    select
        targets.*,
        coalesce(matched.phrases_used, 0) as phrases_used,
        least(1, greatest(0, baselines.language_mean_satisfaction + coalesce(matched.mean_shift, 0)))
            as estimated_satisfaction
    from targets
    inner join baselines on targets.held_out_fold = baselines.held_out_fold and targets.language = baselines.language
    left join matched on targets.held_out_fold = matched.held_out_fold and targets.feedback_id = matched.feedback_id
)

select
    held_out_fold,
    feedback_id,
    language,
    satisfaction,
    satisfaction_band,
    phrases_used,
    estimated_satisfaction,
    {{ satisfaction_band('estimated_satisfaction') }} as estimated_band
from estimated
