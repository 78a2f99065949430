-- Topics beyond the curated aspect list: the key phrases (stg_feedback__phrases) that recur in negative
-- (pain) and positive (gain) feedback per touchpoint and high-level journey, with item counts in this
-- period (the var('emerging_topics_period_days') days up to the run's as-of date, JOURNEY_AS_OF or the
-- latest submission date) and the period before, the trend between them, and an example quote (the
-- whole, already pseudonymised text of the most extreme item of the latest period that has one). A
-- phrase is listed when it occurs in at least var('emerging_topics_min_items') items over the two
-- periods; covered_by_aspect names the curated aspect that already covers it (null: a new topic).
-- Items without a linked touchpoint or journey count under 'unlinked'.
with feedback as (
    select
        feedback_id,
        coalesce(touchpoint_id, 'unlinked') as touchpoint_id,
        coalesce(high_level_journey_id, 'unlinked') as high_level_journey_id,
        submitted_date,
        sentiment_score,
        case when sentiment_label = 'negative' then 'pain' else 'gain' end as polarity,
        feedback_text
    from {{ ref('fct_feedback_sentiment') }}
    where sentiment_label in ('negative', 'positive')
),

latest as (
    select max(submitted_date) as latest_date from {{ ref('fct_feedback_sentiment') }}
),

as_of as (
    select {{ as_of_date('latest_date') }} as as_of_date from latest
),

periods as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', '-' ~ var('emerging_topics_period_days'), 'as_of_date') }} as date) as current_start,
        cast({{ dbt.dateadd('day', '-' ~ (2 * var('emerging_topics_period_days')), 'as_of_date') }} as date)
            as previous_start
    from as_of
),

mentions as (
    select
        feedback.*,
        phrases.language,
        phrases.phrase,
        phrases.n_tokens,
        phrases.covered_by_aspect,
        case when feedback.submitted_date > periods.current_start then 'current' else 'previous' end as period
    from feedback
    inner join {{ ref('stg_feedback__phrases') }} as phrases on feedback.feedback_id = phrases.feedback_id
    cross join periods
    where feedback.submitted_date > periods.previous_start and feedback.submitted_date <= periods.as_of_date
),

ranked as (
    select
        *,
        row_number() over (
            partition by touchpoint_id, high_level_journey_id, polarity, language, phrase
            order by
                period,  -- 'current' before 'previous'
                case when polarity = 'pain' then sentiment_score else -sentiment_score end,
                feedback_id
        ) as quote_rank
    from mentions
),

counted as (
    select
        touchpoint_id,
        high_level_journey_id,
        polarity,
        language,
        phrase,
        any_value(n_tokens) as n_tokens,
        any_value(covered_by_aspect) as covered_by_aspect,
        count(case when period = 'current' then 1 end) as items_this_period,
        count(case when period = 'previous' then 1 end) as items_previous_period,
        max(case when quote_rank = 1 then feedback_text end) as example_quote
    from ranked
    group by touchpoint_id, high_level_journey_id, polarity, language, phrase
    having count(*) >= {{ var('emerging_topics_min_items') }}
)

select
    counted.touchpoint_id,
    counted.high_level_journey_id,
    counted.polarity,
    counted.language,
    counted.phrase,
    counted.n_tokens,
    counted.covered_by_aspect,
    counted.covered_by_aspect is not null as covered_by_curated_aspect,
    counted.items_this_period,
    counted.items_previous_period,
    counted.items_this_period - counted.items_previous_period as trend,
    case
        when counted.items_previous_period = 0 then 'new'
        when counted.items_this_period > counted.items_previous_period then 'rising'
        when counted.items_this_period < counted.items_previous_period then 'falling'
        else 'steady'
    end as trend_label,
    periods.current_start as period_start_exclusive,
    periods.as_of_date as period_end,
    counted.example_quote,
    -- row_number() is bigint on DuckDB, int on Spark: bigint on both (the contract's type)
    cast(row_number() over (
        partition by counted.touchpoint_id, counted.high_level_journey_id, counted.polarity
        order by
            counted.items_this_period desc,
            counted.items_this_period - counted.items_previous_period desc,
            counted.phrase asc,
            counted.language asc
    ) as bigint) as topic_rank
from counted
cross join periods
