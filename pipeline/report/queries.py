"""What the report shows, read from the published serving warehouse as plain Python data. Every number
is a published column (journey_priority_scores, fct_priority_funnel_steps, fct_funnel_step_totals, fct_funnel_dropoff_next,
fct_pain_gain_points, fct_touchpoint_voice, fct_learned_phrases, fct_emerging_topics, fct_contact_reasons, fct_journey_paths, fct_funnel_step_trends,
dim_customer_value, audit.*); this module selects, joins
names and orders - it never recomputes a KPI.
"""

from __future__ import annotations

import duckdb

from pipeline.report import format as fmt
from pipeline.report.queries_service import contact_reasons, paths_before_contact, weekly_trends
from pipeline.report.queries_voice import emerging_topics, learned_phrases
from pipeline.report.sql import has_table, rows

__all__ = [
    "contact_reasons",
    "emerging_topics",
    "gather",
    "has_table",
    "learned_phrases",
    "paths_before_contact",
    "rows",
    "weekly_trends",
]

HISTORY_TABLE = ("marts", "journey_priority_scores_history")  # one row per as_of_date (may be absent)
TOP_JOURNEYS = 3
LEVEL = 2  # high-level journeys: the level the ranking, matrix and drill-downs show
POINTS = ("value_at_risk", "cx_pain", "service_effort", "retention_potential", "reach")


def priority(con, segment: str = "all", level: int = LEVEL) -> list[dict]:
    out = rows(
        con,
        f"""
        select journey_node_id, journey_name_en, journey_name_de, segment, priority_score, priority_rank,
               priority_quadrant, reach, has_outcome, outcome_description, entered, completed, dropped,
               drop_off_rate, non_completion_rate, value_at_risk, value_at_risk_above_norm, feedback_items,
               customer_pain, negative_share, avg_csat, service_effort_per_person, retention_potential,
               explanation, rank_stability_spearman, {", ".join(f"{c}_points" for c in POINTS)}
        from marts.journey_priority_scores
        where segment = ? and journey_level = ?
        order by priority_rank, journey_node_id
        """,
        [segment, level],
    )
    for r in out:
        r["name"] = fmt.name(r["journey_name_en"], r["journey_name_de"])
    return out


def funnel_steps(con, funnel_id: str) -> list[dict]:
    out = rows(
        con,
        """
        select s.step_number, s.touchpoint_id, coalesce(t.name_en, s.touchpoint_id) as name_en, t.name_de,
               s.is_outcome_step, s.entered, s.reached, s.dropped, s.drop_off_rate, s.conversion_from_step_1,
               s.value_at_risk
        from marts.fct_funnel_step_totals as s
        left join marts.dim_touchpoints as t on s.touchpoint_id = t.touchpoint_id
        where s.funnel_id = ?
        order by s.step_number
        """,
        [funnel_id],
    )
    for s in out:
        s["touchpoint"] = fmt.name(s["name_en"], s["name_de"])
    return out


def priority_funnel_steps(con, funnel_id: str) -> list[dict]:
    """One funnel's steps over the priority window (fct_priority_funnel_steps, all segments): the same
    persons and period as journey_priority_scores, so a journey's value at risk is the sum of these."""
    out = rows(
        con,
        """
        select s.step_number, s.touchpoint_id, coalesce(s.touchpoint_name_en, s.touchpoint_id) as name_en,
               s.touchpoint_name_de as name_de, s.is_outcome_step, s.reached, s.dropped, s.drop_off_rate,
               s.expected_next_conversion, s.value_at_risk, s.value_at_risk_above_norm
        from marts.fct_priority_funnel_steps as s
        where s.funnel_id = ? and s.segment = 'all'
        order by s.step_number
        """,
        [funnel_id],
    )
    for s in out:
        s["touchpoint"] = fmt.name(s["name_en"], s["name_de"])
    return out


def dropoff_next(con, funnel_id: str, per_step: int = 3) -> list[dict]:
    """Where people who dropped at each step went next (any channel), the most frequent first; 'none'
    (no other touchpoint within the funnel's window) is kept: it is often the largest answer."""
    if not has_table(con, "marts", "fct_funnel_dropoff_next"):
        return []
    return rows(
        con,
        """
        with totals as (
            select d.step_number, coalesce(st.name_en, d.funnel_id || ' step ' || d.step_number) as dropped_at,
                   case when d.next_touchpoint_id = 'none' then 'no other touchpoint in the window'
                        else coalesce(t.name_en, d.next_touchpoint_id) end as next_touchpoint,
                   d.next_channel, cast(sum(d.persons) as bigint) as persons
            from marts.fct_funnel_dropoff_next as d
            left join marts.dim_touchpoints as t on d.next_touchpoint_id = t.touchpoint_id
            left join marts.fct_funnel_step_totals as s on d.funnel_id = s.funnel_id and d.step_number = s.step_number
            left join marts.dim_touchpoints as st on s.touchpoint_id = st.touchpoint_id
            where d.funnel_id = ?
            group by all
        )
        select * from totals
        qualify row_number() over (partition by step_number order by persons desc, next_touchpoint) <= ?
        order by step_number, persons desc, next_touchpoint
        """,
        [funnel_id, per_step],
    )


def journey_points(con, node_id: str, polarity: str, limit: int = 5) -> list[dict]:
    """Pain (or gain) points at the touchpoints of one atlas node and its descendants."""
    return rows(
        con,
        """
        select coalesce(t.name_en, p.touchpoint_id) as touchpoint, p.aspect, p.mentions, p.avg_sentiment,
               p.example_quote
        from marts.fct_pain_gain_points as p
        inner join marts.dim_touchpoints as t on p.touchpoint_id = t.touchpoint_id
        where p.polarity = ? and (t.micro_journey_id = ? or starts_with(t.micro_journey_id, ? || '.'))
        order by p.mentions desc, p.avg_sentiment, p.touchpoint_id, p.aspect
        limit ?
        """,
        [polarity, node_id, node_id, limit],
    )


def funnels(con) -> list[dict]:
    """Every funnel of the atlas with its steps and where drop-offs went."""
    out = []
    for f in rows(
        con,
        """
        select f.funnel_id, f.journey_node_id, f.name_en, f.name_de, f.window_seconds
        from atlas.atlas_funnels as f order by f.funnel_id
        """,
    ):
        steps = funnel_steps(con, f["funnel_id"])
        out.append(
            {
                **f,
                "name": fmt.name(f["name_en"], f["name_de"]),
                "steps": steps,
                "next": dropoff_next(con, f["funnel_id"]),
                "entered": steps[0]["entered"] if steps else None,
            }
        )
    out.sort(key=lambda f: (-(f["entered"] or 0), f["funnel_id"]))
    return out


def drilldowns(con, top: list[dict], all_funnels: list[dict]) -> list[dict]:
    """One drill-down per top journey: its outcome funnel (atlas_journeys.outcome_funnel_id) with value
    at risk per step, where drop-offs went, its own pain and gain points. A further subsection adds a
    key here and a template under templates/drilldown/ (see render.DRILLDOWN_SUBSECTIONS)."""
    by_id = {f["funnel_id"]: f for f in all_funnels}
    out = []
    for journey in top:
        funnel_id = rows(
            con,
            "select outcome_funnel_id from marts.dim_journeys where journey_node_id = ?",
            [journey["journey_node_id"]],
        )
        funnel = by_id.get(funnel_id[0]["outcome_funnel_id"]) if funnel_id else None
        if funnel:  # the priority window's steps, not the all-months totals of the funnel section
            funnel = {**funnel, "steps": priority_funnel_steps(con, funnel["funnel_id"])}
        worst = None
        if funnel and funnel["steps"]:
            worst = max(funnel["steps"], key=lambda s: (s["value_at_risk"] or 0, -s["step_number"]))
        out.append(
            {
                "journey": journey,
                "funnel": funnel,
                "worst_step": worst if worst and (worst["value_at_risk"] or 0) > 0 else None,
                "pain_points": journey_points(con, journey["journey_node_id"], "pain"),
                "gain_points": journey_points(con, journey["journey_node_id"], "gain", limit=3),
                "contact_reasons": contact_reasons(con, journey["journey_node_id"]),
            }
        )
    return out


def segments(con, node_ids: list[str]) -> dict:
    """The top journeys in every segment, side by side (published rows of each segment)."""
    if not node_ids:
        return {"segments": [], "journeys": []}
    marks = ", ".join("?" for _ in node_ids)
    data = rows(
        con,
        f"""
        select s.journey_node_id, s.segment, coalesce(a.name_en, s.segment) as segment_name,
               s.priority_score, s.priority_rank, s.priority_quadrant, s.reach, s.value_at_risk,
               s.customer_pain, s.service_effort_per_person,
               count(*) over (partition by s.segment) as journeys_in_segment
        from marts.journey_priority_scores as s
        left join atlas.atlas_segments as a on s.segment = a.segment
        where s.journey_level = ? and s.journey_node_id in ({marks})
        order by s.segment = 'all' desc, s.segment = 'anonymous', s.segment
        """,
        [LEVEL, *node_ids],
    )
    names = rows(
        con,
        """
        select distinct s.segment, coalesce(a.name_en, s.segment) as segment_name
        from marts.journey_priority_scores as s
        left join atlas.atlas_segments as a on s.segment = a.segment
        where s.journey_level = ?
        order by s.segment = 'all' desc, s.segment = 'anonymous', s.segment
        """,
        [LEVEL],
    )
    cells = {(r["journey_node_id"], r["segment"]): r for r in data}
    return {
        "segments": [{"id": n["segment"], "name": "All customers" if n["segment"] == "all" else n["segment_name"]} for n in names],
        "cells": cells,
        "journeys": node_ids,
    }  # fmt: skip


def history(con, node_ids: list[str]) -> dict:
    """The priority score of each journey over the runs kept in journey_priority_scores_history
    (one row per as_of_date); ``available`` is False without the table or with fewer than two runs."""
    if not has_table(con, *HISTORY_TABLE):
        return {"available": False, "runs": 0, "journeys": {}}
    data = rows(
        con,
        f"""
        select as_of_date, journey_node_id, priority_score, priority_rank, value_at_risk
        from {".".join(HISTORY_TABLE)}
        where segment = 'all' and journey_level = ?
        order by as_of_date, journey_node_id
        """,
        [LEVEL],
    )
    dates = sorted({r["as_of_date"] for r in data})
    series: dict[str, dict] = {}
    for node in node_ids:
        by_date = {r["as_of_date"]: r for r in data if r["journey_node_id"] == node}
        points = [by_date.get(d) for d in dates]
        last, previous = (points[-1], points[-2]) if len(points) > 1 else (None, None)
        series[node] = {
            "scores": [p["priority_score"] if p else None for p in points],
            "last": last,
            "previous": previous,
            "score_change": (last["priority_score"] - previous["priority_score"])
            if last and previous
            else None,
            "rank_change": (previous["priority_rank"] - last["priority_rank"]) if last and previous else None,
        }
    return {
        "available": len(dates) > 1,
        "runs": len(dates),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "previous": dates[-2] if len(dates) > 1 else None,
        "journeys": series,
    }


def period(con) -> dict:
    """The periods the figures cover: the priority window (fct_priority_funnel_steps, whose end is the
    run's as-of date) and the months of the funnel section (fct_funnel_steps.period_month)."""
    window = rows(
        con,
        "select min(window_start_date) as start, max(window_end_date) as end from marts.fct_priority_funnel_steps",
    )[0]
    as_of = window["end"] or rows(con, "select max(as_of_date) as d from marts.clv_model_params")[0]["d"]
    months = rows(
        con, "select min(period_month) as first, max(period_month) as last from marts.fct_funnel_steps"
    )[0]
    days = (window["end"] - window["start"]).days + 1 if window["start"] else None
    return {"as_of": as_of, "window_start": window["start"], "window_days": days, "first_month": months["first"], "last_month": months["last"]}  # fmt: skip


def quality(con) -> dict:
    ingestion = rows(
        con,
        """
        select table_name, count(*) as files, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded,
               sum(rows_quarantined) as rows_quarantined,
               count(*) filter (where status in ('rejected', 'all_rows_quarantined')) as rejected
        from audit.ingestion_log group by all order by table_name
        """,
    )
    rejected = rows(
        con,
        "select message from audit.ingestion_log where status in ('rejected', 'all_rows_quarantined') "
        "order by source_file",
    )
    reasons = rows(
        con,
        """
        select source as table_name, regexp_replace(reason, '''[^'']*''', '''…''', 'g') as reason, count(*) as rows
        from audit.quarantined_rows group by all order by rows desc, table_name, reason limit 8
        """,
    )
    dq = []
    if has_table(con, "audit", "dq_behaviour_checks"):
        dq = rows(
            con,
            "select check_name, description, share, warn_above_share, status from audit.dq_behaviour_checks order by check_name",
        )
    return {"ingestion": ingestion, "rejected": rejected, "reasons": reasons, "dq": dq}


def gather(con: duckdb.DuckDBPyConnection, top_journeys: int = TOP_JOURNEYS) -> dict:
    """Everything the report shows (also used for the Dagster metadata)."""
    ranking = priority(con)
    all_funnels = funnels(con)
    top = ranking[:top_journeys]
    drill = drilldowns(con, top, all_funnels)
    shown = {d["funnel"]["funnel_id"] for d in drill if d["funnel"]}
    sentiment = rows(
        con,
        """
        select v.touchpoint_id, t.name_en, t.name_de, v.feedback_responses as responses, v.avg_sentiment,
               v.avg_csat
        from marts.fct_touchpoint_voice as v
        left join marts.dim_touchpoints as t on v.touchpoint_id = t.touchpoint_id
        where v.feedback_responses >= 5
        order by v.avg_sentiment, v.touchpoint_id
        """,
    )
    for s in sentiment:
        s["name"] = fmt.name(s["name_en"] or s["touchpoint_id"], s["name_de"])
    pain_gain = rows(
        con,
        """
        select p.polarity, coalesce(t.name_en, p.touchpoint_id) as touchpoint, p.aspect, p.mentions,
               p.avg_sentiment, p.example_quote
        from marts.fct_pain_gain_points as p
        left join marts.dim_touchpoints as t on p.touchpoint_id = t.touchpoint_id
        qualify row_number() over (partition by p.polarity order by p.mentions desc, p.touchpoint_id, p.aspect) <= 8
        order by p.polarity desc, p.mentions desc, touchpoint, p.aspect
        """,
    )
    tiers = rows(
        con,
        """
        select service_tier, count(*) as customers, sum(clv) as clv, any_value(routing_recommendation) as routing
        from marts.dim_customer_value group by all order by clv desc
        """,
    )
    run = rows(
        con,
        """
        select run_id, finished_at as published_at from audit.runs
        where stage = 'publish' and outcome = 'success' order by finished_at desc limit 1
        """,
    )
    node_ids = [r["journey_node_id"] for r in top]
    return {
        "priority": ranking,
        "drilldowns": drill,
        "funnels": all_funnels,
        "other_funnels": [f for f in all_funnels if f["funnel_id"] not in shown],
        "segments": segments(con, node_ids),
        "contacts": {"reasons": contact_reasons(con, limit=10), **paths_before_contact(con)},
        "weekly": weekly_trends(con),
        "history": history(con, [r["journey_node_id"] for r in ranking]),
        "period": period(con),
        "sentiment": sentiment,
        "pain_gain": pain_gain,
        "learned": learned_phrases(con),
        "topics": emerging_topics(con),
        "tiers": tiers,
        **quality(con),
        "run": run[0] if run else None,
    }
