"""What the report shows of service contacts and weekly trends: fct_contact_reasons, fct_journey_paths,
fct_funnel_step_trends (selected, joined and ordered; never recomputed)."""

from __future__ import annotations

from pipeline.report.sql import has_table, rows


def contact_reasons(con, node_id: str | None = None, limit: int = 6) -> list[dict]:
    """Service contacts per CRM category over the weeks of the priority window (fct_contact_reasons),
    for one journey (its node and descendants) or, without ``node_id``, per category and journey."""
    if not has_table(con, "marts", "fct_contact_reasons"):
        return []
    where = "and (r.journey_node_id = ? or starts_with(r.journey_node_id, ? || '.'))" if node_id else ""
    return rows(
        con,
        f"""
        with window_weeks as (
            select date_trunc('week', min(window_start_date)) as first_week from marts.fct_priority_funnel_steps
        )
        select r.category, {"'' as journey" if node_id else "coalesce(j.name_en, r.journey_node_id) as journey"},
               cast(sum(r.contacts) as bigint) as contacts, cast(sum(r.repeat_contacts) as bigint) as repeat_contacts,
               sum(r.handle_minutes) as handle_minutes, sum(r.contacts_after_dropoff) * 1.0 / sum(r.contacts) as share_after_dropoff
        from marts.fct_contact_reasons as r
        cross join window_weeks
        left join marts.dim_journeys as j on r.journey_node_id = j.journey_node_id
        where r.week_start >= window_weeks.first_week {where}
        group by all
        order by contacts desc, r.category, journey
        limit ?
        """,
        [*([node_id, node_id] if node_id else []), limit],
    )


def paths_before_contact(con, limit: int = 8) -> dict:
    """What people did in the days before their first service contact (fct_journey_paths, anchor
    'any' contact, direction before): the most frequent paths and the share of callers each."""
    if not has_table(con, "marts", "fct_journey_paths"):
        return {"paths": [], "callers": None, "window_days": None}
    paths = rows(
        con,
        """
        select path, path_steps, persons, share_of_anchor_persons, anchor_persons, window_days
        from marts.fct_journey_paths
        where anchor_type = 'service_contact' and anchor_id = 'any' and direction = 'before'
        order by path_rank nulls last, persons desc, path
        limit ?
        """,
        [limit],
    )
    names = {
        r["touchpoint_id"]: r["name_en"]
        for r in rows(con, "select touchpoint_id, name_en from marts.dim_touchpoints")
    }
    for p in paths:
        p["steps"] = (
            [names.get(t, t) for t in (p["path"] or "").split(" > ")] if p["path_steps"] else [p["path"]]
        )
    return {
        "paths": paths,
        "callers": paths[0]["anchor_persons"] if paths else None,
        "window_days": paths[0]["window_days"] if paths else None,
    }


def weekly_trends(con) -> dict:
    """Each funnel step's conversion in the last complete ISO week against the week before, with the
    published two-proportion test (fct_funnel_step_trends)."""
    if not has_table(con, "marts", "fct_funnel_step_trends"):
        return {"week": None, "steps": []}
    steps = rows(
        con,
        """
        with last_week as (
            select max(period_start) as period_start from marts.fct_funnel_step_trends
            where period_grain = 'week' and is_complete_period
        )
        select t.period_start, t.period_end, t.iso_year, t.iso_week, t.funnel_id, f.name_en as funnel_name,
               t.step_number, coalesce(tp.name_en, t.touchpoint_id) as touchpoint,
               t.previous_reached_previous_step, t.previous_step_conversion_rate,
               t.reached_previous_step, t.step_conversion_rate, t.step_conversion_change,
               t.step_conversion_p_value, t.step_conversion_is_significant
        from marts.fct_funnel_step_trends as t
        inner join last_week on t.period_start = last_week.period_start
        left join atlas.atlas_funnels as f on t.funnel_id = f.funnel_id
        left join marts.dim_touchpoints as tp on t.touchpoint_id = tp.touchpoint_id
        where t.period_grain = 'week' and t.step_number > 1
        order by t.step_conversion_is_significant desc nulls last, t.step_conversion_p_value nulls last,
                 t.funnel_id, t.step_number
        """,
    )
    return {"week": steps[0] if steps else None, "steps": steps}
