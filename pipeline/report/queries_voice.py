"""What the report shows beside the curated aspects: learned pain and gain phrases (fct_learned_phrases)
and emerging topics (fct_emerging_topics), selected and ordered, never recomputed."""

from __future__ import annotations

from pipeline.report.sql import has_table, rows

LEARNED_PER_SIDE = 8  # learned pain / gain phrases shown
TOPICS_PER_SIDE = 8  # emerging pain / gain topics shown


def learned_phrases(con, per_side: int = LEARNED_PER_SIDE) -> dict:
    """The learned pain and gain phrases (fct_learned_phrases) a CX analyst has not vetoed, the surest first:
    pain by the upper end of its shift's interval (lowest first), gain by the lower end (highest first);
    and how many phrases the mart holds, how many of them are vetoed."""
    empty = {"pain": [], "gain": [], "listed": 0, "vetoed": 0}
    if not has_table(con, "marts", "fct_learned_phrases"):
        return empty
    found = rows(
        con,
        """
        select polarity, language, phrase, support, score_shift, shift_ci_low, shift_ci_high, covered_by_aspect,
               example_quote
        from marts.fct_learned_phrases
        where polarity in ('pain', 'gain') and not vetoed
        qualify row_number() over (
            partition by polarity
            order by case when polarity = 'pain' then shift_ci_high else -shift_ci_low end, support desc,
                     language, phrase
        ) <= ?
        order by case when polarity = 'pain' then shift_ci_high else -shift_ci_low end, support desc, language, phrase
        """,
        [per_side],
    )
    counts = rows(
        con,
        "select count(*) as listed, count(case when vetoed then 1 end) as vetoed from marts.fct_learned_phrases",
    )[0]
    return {
        "pain": [r for r in found if r["polarity"] == "pain"],
        "gain": [r for r in found if r["polarity"] == "gain"],
        "listed": counts["listed"],
        "vetoed": counts["vetoed"],
    }


def emerging_topics(con, per_side: int = TOPICS_PER_SIDE) -> dict:
    """The recurring phrases of negative (pain) and positive (gain) feedback that no curated aspect covers
    (fct_emerging_topics), most items in the current period first, then the largest rise; with touchpoint
    and journey names and the period the mart counted."""
    empty = {"pain": [], "gain": [], "period_start_exclusive": None, "period_end": None, "covered": 0}
    if not has_table(con, "marts", "fct_emerging_topics"):
        return empty
    found = rows(
        con,
        """
        select e.polarity, e.language, e.phrase, coalesce(t.name_en, e.touchpoint_id) as touchpoint,
               coalesce(j.name_en, e.high_level_journey_id) as journey, e.items_this_period,
               e.items_previous_period, e.trend, e.trend_label, e.example_quote
        from marts.fct_emerging_topics as e
        left join marts.dim_touchpoints as t on e.touchpoint_id = t.touchpoint_id
        left join marts.dim_journeys as j on e.high_level_journey_id = j.journey_node_id
        where not e.covered_by_curated_aspect
        qualify row_number() over (
            partition by e.polarity
            order by e.items_this_period desc, e.trend desc, e.touchpoint_id, e.high_level_journey_id, e.phrase,
                     e.language
        ) <= ?
        order by e.polarity desc, e.items_this_period desc, e.trend desc, e.touchpoint_id, e.high_level_journey_id,
                 e.phrase, e.language
        """,
        [per_side],
    )
    period = rows(
        con,
        """
        select min(period_start_exclusive) as period_start_exclusive, max(period_end) as period_end,
               count(case when covered_by_curated_aspect then 1 end) as covered
        from marts.fct_emerging_topics
        """,
    )[0]
    return {
        "pain": [r for r in found if r["polarity"] == "pain"],
        "gain": [r for r in found if r["polarity"] == "gain"],
        **period,
    }
