"""The journey report: one self-contained HTML page (inline CSS and SVG, no scripts from anywhere else)
that a CX manager can open offline. Built from the published warehouse only.

Sections: priority ranking with its components, the priority matrix (value at risk vs service
effort), funnels with drop-off per step and where drop-offs go next, touchpoint sentiment, top pain
and gain points, service-tier distribution, and the data quality of the night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

import duckdb

from pipeline import duckdb_connect

COMPONENT_COLOURS = {
    "value_at_risk": "#c0392b",
    "cx_pain": "#e67e22",
    "service_effort": "#8e44ad",
    "retention_potential": "#2980b9",
    "reach": "#7f8c8d",
}
COMPONENT_LABELS = {
    "value_at_risk": "value at risk",
    "cx_pain": "customer pain",
    "service_effort": "service effort",
    "retention_potential": "retention potential",
    "reach": "reach",
}
WEIGHTS_NOTE = "weights in seeds/atlas/atlas_scoring_weights.csv"
# the quadrants of marts.journey_priority_scores.priority_quadrant (defined in pipeline/value/priority.py)
QUADRANT_LABELS = {
    "fix_first": "fix first",
    "protect_value": "protect value",
    "reduce_effort": "reduce effort",
    "monitor": "monitor",
}
QUADRANT_COLOURS = {
    "fix_first": "#c0392b",
    "protect_value": "#e67e22",
    "reduce_effort": "#8e44ad",
    "monitor": "#7f8c8d",
}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Tables this report reads that an older serving file may not have yet."""
    sql = "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(_rows(con, sql, [schema, table])[0]["n"])


def _name(en: str | None, de: str | None) -> str:
    """English label with the atlas's German name where it differs."""
    en = en or ""
    return f"{en} ({de})" if de and de != en else en


def _fmt(value, digits: int = 0, pct: bool = False) -> str:
    if value is None:
        return "–"
    if pct:
        return f"{value * 100:.{digits}f} %"
    return f"{value:,.{digits}f}"


@dataclass
class Svg:
    """A tiny SVG builder: enough for bars, dots and labels."""

    width: int
    height: int
    label: str

    def __post_init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x, y, w, h, fill, title="") -> None:
        tip = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}">{tip}</rect>'
        )

    def text(self, x, y, s, anchor="start", size=12, fill="#222", weight="normal") -> None:
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}">{escape(str(s))}</text>'
        )

    def circle(self, cx, cy, r, fill, title="") -> None:
        tip = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{fill}" fill-opacity="0.75">{tip}</circle>'
        )

    def line(self, x1, y1, x2, y2, stroke="#999") -> None:
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"/>'
        )

    def render(self) -> str:
        return (
            f'<svg class="chart" role="img" aria-label="{escape(self.label)}" width="{self.width}" '
            f'height="{self.height}" viewBox="0 0 {self.width} {self.height}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(self.parts)
            + "</svg>"
        )


def priority_bars(rows: list[dict]) -> str:
    """Stacked horizontal bars: each journey's score split into its weighted components."""
    top = rows[:10]
    svg = Svg(860, 34 + 28 * len(top), "Priority score by component")
    label_w, bar_w = 330, 440
    x = 120
    for comp, colour in COMPONENT_COLOURS.items():  # legend
        svg.rect(x, 6, 12, 12, colour)
        svg.text(x + 16, 16, COMPONENT_LABELS[comp], size=11)
        x += 16 + 6 * len(COMPONENT_LABELS[comp]) + 12
    for i, row in enumerate(top):
        y = 30 + 28 * i
        svg.text(
            label_w - 8,
            y + 15,
            f"{row['priority_rank']}. {_name(row['journey_name_en'], row['journey_name_de'])}"[:52],
            anchor="end",
        )
        total_weighted = sum(row[f"{c}_points"] or 0 for c in COMPONENT_COLOURS)
        x = label_w
        for comp, colour in COMPONENT_COLOURS.items():
            points = row[f"{comp}_points"] or 0
            w = bar_w * points / 100
            svg.rect(x, y, w, 20, colour, f"{COMPONENT_LABELS[comp]}: {points:.1f} points")
            x += w
        svg.text(x + 6, y + 15, f"{total_weighted:.1f}", weight="bold")
    return svg.render()


def priority_matrix(rows: list[dict]) -> str:
    """Value at risk (x) against service effort per person (y); dot size = reach."""
    svg = Svg(760, 380, "Priority matrix: value at risk vs service effort")
    left, bottom, w, h = 70, 330, 520, 290
    svg.line(left, bottom, left + w, bottom)
    svg.line(left, bottom, left, bottom - h)
    svg.text(left + w / 2, bottom + 36, "value at risk (CLV of customers who dropped out)", anchor="middle")
    svg.text(32, bottom - h / 2, "effort", anchor="middle", size=11)
    svg.text(32, bottom - h / 2 + 13, "per person", anchor="middle", size=10)
    max_x = max((r["value_at_risk"] or 0 for r in rows), default=0) or 1
    max_y = max((r["service_effort_per_person"] or 0 for r in rows), default=0) or 1
    max_reach = max((r["reach"] or 0 for r in rows), default=0) or 1
    x = left
    for quadrant, colour in QUADRANT_COLOURS.items():  # legend: the published quadrant of each journey
        svg.circle(x + 6, 12, 5, colour)
        svg.text(x + 14, 16, QUADRANT_LABELS[quadrant], size=10)
        x += 24 + 6 * len(QUADRANT_LABELS[quadrant])
    placed: list[tuple[float, float]] = []  # label positions so far: nudge a label that would overlap
    for r in sorted(rows, key=lambda r: (r["value_at_risk"] or 0, r["service_effort_per_person"] or 0)):
        cx = left + w * (r["value_at_risk"] or 0) / max_x
        cy = bottom - h * (r["service_effort_per_person"] or 0) / max_y
        radius = 5 + 14 * ((r["reach"] or 0) / max_reach) ** 0.5
        name = _name(r["journey_name_en"], r["journey_name_de"])
        svg.circle(
            cx,
            cy,
            radius,
            QUADRANT_COLOURS.get(r["priority_quadrant"], "#7f8c8d"),
            f"{name} ({QUADRANT_LABELS.get(r['priority_quadrant'], '')}): value at risk {_fmt(r['value_at_risk'])}, effort {_fmt(r['service_effort_per_person'], 2)}, reach {r['reach']}",
        )
        lx, ly = cx + radius + 3, cy + 4
        while any(abs(ly - py) < 12 and abs(lx - px) < 150 for px, py in placed):
            ly -= 13
        placed.append((lx, ly))
        svg.text(lx, ly, (r["journey_name_en"] or "")[:28], size=10)
    svg.text(left, bottom + 16, "0", anchor="middle", size=10)
    svg.text(left + w, bottom + 16, _fmt(max_x), anchor="middle", size=10)
    svg.text(left - 6, bottom - h + 4, _fmt(max_y, 2), anchor="end", size=10)
    return svg.render()


def funnel_chart(steps: list[dict]) -> str:
    """Bars of people reaching each step, with step conversion and drop-off."""
    svg = Svg(860, 40 + 44 * len(steps), "Funnel")
    entered = steps[0]["reached"] or 1
    for i, s in enumerate(steps):
        y = 10 + 44 * i
        w = 340 * (s["reached"] or 0) / entered
        svg.text(322, y + 19, f"{s['step_number']}. {s['touchpoint']}"[:50], anchor="end")
        svg.rect(330, y, w, 28, "#2980b9", f"{s['reached']} reached")
        svg.text(330 + w + 6, y + 19, f"{s['reached']:,} people", size=11)
        if s["drop_off_rate"] is not None:
            svg.text(
                850,
                y + 19,
                f"drop-off {_fmt(s['drop_off_rate'], 1, pct=True)} · {_fmt(s.get('value_at_risk'))} CLV at risk",
                anchor="end",
                size=11,
                fill="#c0392b",
            )
    return svg.render()


def hbar_chart(items: list[tuple[str, float]], label: str, lo: float, hi: float, value_fmt) -> str:
    """Horizontal bars from a zero line (negative to the left in red, positive to the right in green)."""
    svg = Svg(860, 20 + 26 * len(items), label)
    label_w, width = 330, 460
    zero = label_w + width * (0 - lo) / (hi - lo) if hi > lo else label_w
    svg.line(zero, 0, zero, 20 + 26 * len(items), "#bbb")
    for i, (name, value) in enumerate(items):
        y = 8 + 26 * i
        v = value or 0
        x_end = label_w + width * (v - lo) / (hi - lo) if hi > lo else zero
        svg.text(label_w - 8, y + 13, name[:50], anchor="end")
        svg.rect(
            min(zero, x_end),
            y,
            abs(x_end - zero),
            18,
            "#27ae60" if v >= 0 else "#c0392b",
            f"{name}: {value_fmt(value)}",
        )
        svg.text(max(zero, x_end) + 6, y + 13, value_fmt(value), size=11)
    return svg.render()


def _table(headers: list[str], rows: list[list], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if i in numeric else ""}">{escape("" if v is None else str(v))}</td>'
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def gather(con: duckdb.DuckDBPyConnection, top_funnels: int = 3) -> dict:
    """Everything the report shows, as plain Python data (also used for Dagster metadata)."""
    has_next = _has_table(con, "marts", "fct_funnel_dropoff_next")
    priority = _rows(
        con,
        f"""
        select journey_node_id, journey_name_en, journey_name_de, priority_score, priority_rank,
               priority_quadrant, reach, has_outcome, outcome_description, entered, completed, dropped,
               drop_off_rate, non_completion_rate, value_at_risk, feedback_items, customer_pain,
               negative_share, avg_csat, service_effort_per_person, retention_potential, explanation,
               rank_stability_spearman,
               {", ".join(f"{c}_points" for c in COMPONENT_COLOURS)}
        from marts.journey_priority_scores
        where segment = 'all' and journey_level = 2
        order by priority_rank, journey_node_id
        """,
    )
    funnels = []
    for f in _rows(
        con,
        """
        select s.funnel_id, s.journey_node_id, j.name_en, j.name_de, s.entered
        from marts.fct_funnel_step_totals as s
        left join marts.dim_journeys as j on s.journey_node_id = j.journey_node_id
        where s.step_number = 1
        order by s.entered desc nulls last, s.funnel_id
        limit ?
        """,
        [top_funnels],
    ):
        steps = _rows(
            con,
            """
            select s.step_number, coalesce(t.name_en, s.touchpoint_id) as touchpoint, t.name_de,
                   s.reached, s.dropped, s.drop_off_rate, s.value_at_risk
            from marts.fct_funnel_step_totals as s
            left join marts.dim_touchpoints as t on s.touchpoint_id = t.touchpoint_id
            where s.funnel_id = ?
            order by s.step_number
            """,
            [f["funnel_id"]],
        )
        for s in steps:
            s["touchpoint"] = _name(s["touchpoint"], s["name_de"])
        next_rows = (
            _rows(
                con,
                """
                with totals as (
                    select d.step_number, coalesce(t.name_en, d.next_touchpoint_id) as next_touchpoint_id,
                           d.next_channel, sum(d.persons) as persons
                    from marts.fct_funnel_dropoff_next as d
                    left join marts.dim_touchpoints as t on d.next_touchpoint_id = t.touchpoint_id
                    where d.funnel_id = ? and d.next_touchpoint_id <> 'none'
                    group by d.step_number, coalesce(t.name_en, d.next_touchpoint_id), d.next_channel
                )
                select * from totals
                qualify row_number() over (partition by step_number order by persons desc, next_touchpoint_id) <= 3
                order by step_number, persons desc
                """,
                [f["funnel_id"]],
            )
            if has_next
            else []
        )
        funnels.append({**f, "name": _name(f["name_en"], f["name_de"]), "steps": steps, "next": next_rows})
    sentiment = _rows(
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
    pain_gain = _rows(
        con,
        """
        select p.polarity, coalesce(t.name_en, p.touchpoint_id) as touchpoint, p.aspect, p.mentions,
               p.avg_sentiment, p.example_quote
        from marts.fct_pain_gain_points as p
        left join marts.dim_touchpoints as t on p.touchpoint_id = t.touchpoint_id
        qualify row_number() over (partition by p.polarity order by p.mentions desc, p.touchpoint_id, p.aspect) <= 8
        order by p.polarity desc, p.mentions desc
        """,
    )
    tiers = _rows(
        con,
        """
        select service_tier, count(*) as customers, sum(clv) as clv, any_value(routing_recommendation) as routing
        from marts.dim_customer_value group by all order by clv desc
        """,
    )
    ingestion = _rows(
        con,
        """
        select table_name, count(*) as files, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded,
               sum(rows_quarantined) as rows_quarantined,
               count(*) filter (where status in ('rejected', 'all_rows_quarantined')) as rejected
        from audit.ingestion_log group by all order by table_name
        """,
    )
    rejected = _rows(
        con,
        "select message from audit.ingestion_log where status in ('rejected', 'all_rows_quarantined') "
        "order by source_file",
    )
    reasons = _rows(
        con,
        """
        select source as table_name, regexp_replace(reason, '''[^'']*''', '''…''', 'g') as reason, count(*) as rows
        from audit.quarantined_rows group by all order by rows desc limit 8
        """,
    )
    dq = []
    if _has_table(con, "audit", "dq_behaviour_checks"):
        dq = _rows(
            con,
            "select check_name, description, share, warn_above_share, status from audit.dq_behaviour_checks order by check_name",
        )
    run = _rows(
        con,
        """
        select runs.run_id, runs.finished_at as published_at, params.as_of_date
        from audit.runs as runs
        cross join (select max(as_of_date) as as_of_date from marts.clv_model_params) as params
        where runs.stage = 'publish' and runs.outcome = 'success'
        order by runs.finished_at desc limit 1
        """,
    )
    return {
        "priority": priority,
        "funnels": funnels,
        "sentiment": sentiment,
        "pain_gain": pain_gain,
        "tiers": tiers,
        "ingestion": ingestion,
        "rejected": rejected,
        "reasons": reasons,
        "dq": dq,
        "run": run[0] if run else None,
    }


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:18px 32px} header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.85} main{max-width:1100px;margin:0 auto;padding:8px 32px 48px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:16px 20px;margin:18px 0}
h2{font-size:19px;margin:0 0 6px} p.lead{color:#555;margin:0 0 12px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:10px}
th,td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top} td.num{text-align:right}
th{background:#f3f5f8} .warn{color:#c0392b;font-weight:bold} .ok{color:#27ae60}
svg.chart{display:block;max-width:100%;height:auto;margin-top:8px}
"""


def render(data: dict, generated_at: datetime | None = None) -> str:
    generated_at = generated_at or datetime.now(UTC)
    run = data["run"] or {}
    sections = []

    p = data["priority"]
    top = p[0] if p else None
    lead = (
        f"Highest priority: <b>{escape(_name(top['journey_name_en'], top['journey_name_de']))}</b> "
        f"(score {top['priority_score']:.1f}) — {escape(top['explanation'] or '')}."
        if top
        else "No priority scores in this warehouse."
    )
    stability = p[0]["rank_stability_spearman"] if p else None
    sections.append(
        f"""<section id="priority"><h2>Which journeys to fix first</h2><p class="lead">{lead}
        Scores 0–100 combine value at risk, customer pain, service effort, retention potential and reach
        ({WEIGHTS_NOTE}); rank stability under ±20 % weight changes: Spearman {_fmt(stability, 2)}.</p>
        {priority_bars(p)}
        {
            _table(
                [
                    "rank",
                    "journey",
                    "score",
                    "reach",
                    "value at risk",
                    "did not complete",
                    "customer pain (items)",
                    "effort / person",
                    "matrix",
                    "why",
                ],
                [
                    [
                        r["priority_rank"],
                        _name(r["journey_name_en"], r["journey_name_de"]),
                        _fmt(r["priority_score"], 1),
                        _fmt(r["reach"]),
                        _fmt(r["value_at_risk"]),
                        _fmt(r["non_completion_rate"], 1, True),
                        f"{_fmt(r['customer_pain'], 2)} ({r['feedback_items']})",
                        _fmt(r["service_effort_per_person"], 2),
                        QUADRANT_LABELS.get(r["priority_quadrant"], r["priority_quadrant"]),
                        r["explanation"],
                    ]
                    for r in p
                ],
                numeric={0, 2, 3, 4, 5, 6, 7},
            )
        }
        <h2 style="margin-top:18px">Priority matrix</h2><p class="lead">Each dot is a high-level journey: to the right,
        more customer value is lost where people drop out; higher up, each person costs more service effort;
        bigger dots reach more people. The colour is the journey's quadrant (split at the median of the journeys):
        fix first = both high.</p>{priority_matrix(p)}</section>"""
    )

    funnel_html = []
    for f in data["funnels"]:
        nxt = [
            [n["step_number"], n["next_touchpoint_id"], n["next_channel"], _fmt(n["persons"])]
            for n in f["next"]
        ]
        funnel_html.append(
            f"""<h3>{escape(f["name"] or f["funnel_id"])} <small>({escape(f["funnel_id"])})</small></h3>
            {funnel_chart(f["steps"]) if f["steps"] else ""}
            {_table(["step", "where people who dropped here went next", "channel", "people"], nxt, {0, 3}) if nxt else ""}"""
        )
    sections.append(
        f"""<section id="funnels"><h2>Funnels: where people drop off</h2><p class="lead">People who reached each step
        (best attempt per person and month, windowFunnel semantics; see docs/definitions.md) and where those
        who dropped went next on any channel.</p>{"".join(funnel_html) or "<p>No funnels.</p>"}</section>"""
    )

    s = data["sentiment"]
    sections.append(
        f"""<section id="sentiment"><h2>What customers say at each touchpoint</h2><p class="lead">Average sentiment of
        linked feedback (−1 very negative … +1 very positive), touchpoints with at least 5 responses, worst first.</p>
        {hbar_chart([(_name(r["name_en"] or r["touchpoint_id"], r["name_de"]), r["avg_sentiment"]) for r in s], "Sentiment by touchpoint", -1, 1, lambda v: _fmt(v, 2))}
        {_table(["touchpoint", "responses", "avg sentiment", "CSAT"], [[_name(r["name_en"] or r["touchpoint_id"], r["name_de"]), r["responses"], _fmt(r["avg_sentiment"], 2), _fmt(r["avg_csat"], 2)] for r in s], {1, 2, 3})}
        <h2 style="margin-top:18px">Top pain and gain points</h2>
        {_table(["", "touchpoint", "aspect", "mentions", "avg sentiment", "example (pseudonymised)"], [["pain" if r["polarity"] == "pain" else "gain", r["touchpoint"], r["aspect"], r["mentions"], _fmt(r["avg_sentiment"], 2), (r["example_quote"] or "")[:140]] for r in data["pain_gain"]], {3, 4})}
        </section>"""
    )

    t = data["tiers"]
    total_customers = sum(r["customers"] for r in t) or 1
    sections.append(
        f"""<section id="tiers"><h2>Service tiers</h2><p class="lead">Customers per service tier and the routing each tier
        gets: the CLV percentile decides, and service effort per order moves a customer down only with enough
        contacts (rule and thresholds in seeds/atlas/atlas_service_tiers.csv; each customer's
        <code>tier_reason</code> in marts.dim_customer_value says why).</p>
        {hbar_chart([(r["service_tier"], r["customers"] / total_customers) for r in t], "Service tier distribution", 0, 1, lambda v: _fmt(v, 1, True))}
        {_table(["tier", "customers", "CLV (sum)", "routing"], [[r["service_tier"], _fmt(r["customers"]), _fmt(r["clv"]), r["routing"]] for r in t], {1, 2})}
        </section>"""
    )

    ing = data["ingestion"]
    dq_rows = [
        [
            d["check_name"],
            d["description"],
            _fmt(d["share"], 2, True),
            _fmt(d["warn_above_share"], 0, True),
            d["status"],
        ]
        for d in data["dq"]
    ]
    rejected = "".join(f"<li class='warn'>{escape(r['message'])}</li>" for r in data["rejected"])
    sections.append(
        f"""<section id="quality"><h2>Data quality of the night</h2><p class="lead">Every row read was loaded or
        quarantined with a reason; files that loaded nothing (rejected, or every row quarantined) are listed.</p>
        {_table(["table", "files", "rows read", "loaded", "quarantined", "files rejected"], [[r["table_name"], r["files"], _fmt(r["rows_read"]), _fmt(r["rows_loaded"]), _fmt(r["rows_quarantined"]), r["rejected"]] for r in ing], {1, 2, 3, 4, 5})}
        {f"<ul>{rejected}</ul>" if rejected else "<p class='ok'>No file was rejected.</p>"}
        {_table(["table", "most frequent quarantine reasons", "rows"], [[r["table_name"], r["reason"], r["rows"]] for r in data["reasons"]], {2}) if data["reasons"] else ""}
        {_table(["check", "what", "share", "warn above", "status"], dq_rows, {2, 3}) if dq_rows else ""}
        </section>"""
    )

    as_of = run.get("as_of_date") or "latest data"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Journey report</title><style>{CSS}</style></head>
<body><header><h1>Customer journey report</h1>
<p>Data as of {escape(str(as_of))} · generated {generated_at:%Y-%m-%d %H:%M} UTC · run {escape(str(run.get("run_id", "–")))[:8]}</p></header>
<main>{"".join(sections)}</main></body></html>
"""


def build_report(serving_db, generated_at: datetime | None = None) -> tuple[str, dict]:
    with duckdb_connect.connect(str(serving_db), read_only=True) as con:
        data = gather(con)
    return render(data, generated_at), data
