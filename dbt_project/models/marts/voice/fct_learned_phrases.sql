-- Phrases learned from the company's own scored feedback: per language, every phrase with at least
-- var('learned_phrase_min_support') scored items, how much it shifts the customers' satisfaction
-- (int_learned_phrase_folds, learned on all scored items), its polarity, and an example quote — the
-- whole text (already pseudonymised at ingestion) of the most extreme scored item containing it (lowest
-- satisfaction for a pain or unclear phrase, highest for a gain). vetoed: listed in
-- seeds/atlas/atlas_phrase_vetoes.csv by a CX analyst; vetoed phrases are kept here but score nothing.
with stats as (
    select * from {{ ref('int_learned_phrase_folds') }}
    where held_out_fold = -1 and meets_min_support
),

items as (
    select
        phrases.language,
        phrases.phrase,
        satisfaction.satisfaction,
        linked.feedback_id,
        linked.feedback_text
    from {{ ref('stg_feedback__phrases') }} as phrases
    inner join {{ ref('int_feedback_satisfaction') }} as satisfaction
        on phrases.feedback_id = satisfaction.feedback_id and phrases.language = satisfaction.language
    inner join {{ ref('int_feedback_linked') }} as linked on phrases.feedback_id = linked.feedback_id
    where satisfaction.satisfaction is not null
),

quotes as (
    select
        items.language,
        items.phrase,
        items.feedback_text,
        row_number() over (
            partition by items.language, items.phrase
            order by
                case when stats.polarity = 'gain' then -items.satisfaction else items.satisfaction end,
                items.feedback_id
        ) as extremity_rank
    from items
    inner join stats on items.language = stats.language and items.phrase = stats.phrase
)

select
    stats.language,
    stats.phrase,
    stats.n_tokens,
    stats.polarity,
    stats.support,
    stats.mean_satisfaction_with,
    stats.mean_satisfaction_without,
    stats.score_shift,
    stats.shift_ci_low,
    stats.shift_ci_high,
    stats.covered_by_aspect,
    quotes.feedback_text as example_quote,
    stats.vetoed,
    stats.veto_reason
from stats
left join quotes on stats.language = quotes.language and stats.phrase = quotes.phrase and quotes.extremity_rank = 1
