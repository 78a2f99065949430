-- How much each phrase shifts the customers' own verdict (int_feedback_satisfaction), per language:
-- score shift = mean satisfaction of the scored items that contain the phrase minus the mean of those
-- that do not, with a 95 % Welch interval (normal approximation: shift ± 1.96 · sqrt(var_with / n_with
-- + var_without / n_without)). polarity: pain when the whole interval is below 0, gain when above,
-- unclear otherwise (or with fewer than two items on a side). Computed once on all scored items
-- (held_out_fold = -1, what fct_learned_phrases shows) and once per cross-validation fold 0–4 on the
-- items outside that fold (the evaluation scores the held-out fold with them). Sums in fixed point
-- (exact_sum): two builds of the same data give identical numbers.
with satisfaction as (
    select * from {{ ref('int_feedback_satisfaction') }}
    where satisfaction is not null and language in ('de', 'en')
),

phrases as (
    select feedback_id, language, phrase, n_tokens, covered_by_aspect from {{ ref('stg_feedback__phrases') }}
),

vetoes as (
    select language, phrase, max(reason) as veto_reason
    from {{ ref('atlas_phrase_vetoes') }}
    group by language, phrase
),

folds as (
    select fold_list.held_out_fold
    from (values (-1), (0), (1), (2), (3), (4)) as fold_list (held_out_fold)
),

training as (
    select folds.held_out_fold, satisfaction.feedback_id, satisfaction.language, satisfaction.satisfaction
    from folds
    cross join satisfaction
    where satisfaction.cv_fold != folds.held_out_fold
),

language_totals as (
    select
        held_out_fold,
        language,
        count(*) as items,
        {{ exact_sum('satisfaction') }} as score_sum,
        {{ exact_sum('satisfaction * satisfaction') }} as score_sumsq
    from training
    group by held_out_fold, language
),

with_phrase as (
    select
        training.held_out_fold,
        training.language,
        phrases.phrase,
        any_value(phrases.n_tokens) as n_tokens,
        any_value(phrases.covered_by_aspect) as covered_by_aspect,
        count(*) as support,
        {{ exact_sum('training.satisfaction') }} as score_sum,
        {{ exact_sum('training.satisfaction * training.satisfaction') }} as score_sumsq
    from training
    inner join phrases on training.feedback_id = phrases.feedback_id and training.language = phrases.language
    group by training.held_out_fold, training.language, phrases.phrase
),

moments as (
    select
        with_phrase.held_out_fold,
        with_phrase.language,
        with_phrase.phrase,
        with_phrase.n_tokens,
        with_phrase.covered_by_aspect,
        with_phrase.support,
        language_totals.items - with_phrase.support as items_without,
        language_totals.score_sum / language_totals.items as language_mean_satisfaction,
        with_phrase.score_sum / with_phrase.support as mean_with,
        {{ safe_divide('language_totals.score_sum - with_phrase.score_sum', 'language_totals.items - with_phrase.support') }}
            as mean_without,
        case when with_phrase.support > 1 then
            greatest(0, (with_phrase.score_sumsq - with_phrase.score_sum * with_phrase.score_sum / with_phrase.support)
            / (with_phrase.support - 1)) end as var_with,
        case when language_totals.items - with_phrase.support > 1 then
            greatest(0, (
                (language_totals.score_sumsq - with_phrase.score_sumsq)
                - (language_totals.score_sum - with_phrase.score_sum) * (language_totals.score_sum - with_phrase.score_sum)
                / (language_totals.items - with_phrase.support)
            ) / (language_totals.items - with_phrase.support - 1)) end as var_without
    from with_phrase
    inner join language_totals
        on with_phrase.held_out_fold = language_totals.held_out_fold and with_phrase.language = language_totals.language
),

intervals as (
    select
        *,
        mean_with - mean_without as score_shift,
        1.96 * sqrt(var_with / support + var_without / items_without) as half_width
    from moments
)

select
    intervals.held_out_fold,
    intervals.language,
    intervals.phrase,
    intervals.n_tokens,
    intervals.covered_by_aspect,
    intervals.support,
    intervals.items_without,
    intervals.language_mean_satisfaction,
    intervals.mean_with as mean_satisfaction_with,
    intervals.mean_without as mean_satisfaction_without,
    intervals.score_shift,
    intervals.score_shift - intervals.half_width as shift_ci_low,
    intervals.score_shift + intervals.half_width as shift_ci_high,
    case
        when intervals.score_shift + intervals.half_width < 0 then 'pain'
        when intervals.score_shift - intervals.half_width > 0 then 'gain'
        else 'unclear'
    end as polarity,
    intervals.support >= {{ var('learned_phrase_min_support') }} as meets_min_support,
    vetoes.phrase is not null as vetoed,
    vetoes.veto_reason
from intervals
left join vetoes on intervals.language = vetoes.language and intervals.phrase = vetoes.phrase
