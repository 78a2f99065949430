"""The report's charts as plain geometry: each function returns a ``Chart`` (size, label, a list of
shapes) that templates/_svg.html.j2 draws as inline SVG with Jinja's autoescaping. No KPI is
computed here: the charts place published numbers and lay out their labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pipeline.report import format as fmt
from pipeline.value.priority import LABELS as COMPONENT_LABELS  # the words of each score component

COMPONENTS = ("value_at_risk", "cx_pain", "service_effort", "retention_potential", "reach")
COMPONENT_COLOURS = {
    "value_at_risk": "#c0392b",
    "cx_pain": "#e67e22",
    "service_effort": "#8e44ad",
    "retention_potential": "#2980b9",
    "reach": "#7f8c8d",
}
# the quadrants of marts.journey_priority_scores.priority_quadrant (rule in pipeline/value/priority.py)
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


@dataclass
class Chart:
    width: int
    height: int
    label: str
    css_class: str = "chart"
    shapes: list[dict] = field(default_factory=list)

    def rect(self, x, y, w, h, fill, title="", **extra) -> None:
        self.shapes.append(
            {"kind": "rect", "x": x, "y": y, "w": max(w, 0), "h": h, "fill": fill, "title": title, **extra}
        )

    def text(self, x, y, s, anchor="start", size=12, fill="#222", weight="normal", title="", cls="") -> None:
        self.shapes.append(
            {"kind": "text", "x": x, "y": y, "s": str(s), "anchor": anchor, "size": size, "fill": fill,
             "weight": weight, "title": title, "cls": cls}
        )  # fmt: skip

    def fit_text(self, x, y, s, limit_px, anchor="start", size=12, **kw) -> None:
        """A text shortened (with "…") to fit ``limit_px``; the full text goes in its title."""
        chars = len(s)
        while chars > 4 and fmt.text_width(fmt.shorten(s, chars), size) > limit_px:
            chars -= 1
        short = fmt.shorten(s, chars)
        self.text(x, y, short, anchor=anchor, size=size, title=s if short != s else "", **kw)

    def circle(self, cx, cy, r, fill, title="", cls="") -> None:
        self.shapes.append(
            {"kind": "circle", "cx": cx, "cy": cy, "r": r, "fill": fill, "title": title, "cls": cls}
        )

    def line(self, x1, y1, x2, y2, stroke="#999", dash="") -> None:
        self.shapes.append(
            {"kind": "line", "x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": stroke, "dash": dash}
        )

    def polyline(self, points: list[tuple[float, float]], stroke="#1f3a5f") -> None:
        self.shapes.append(
            {"kind": "polyline", "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points), "stroke": stroke}
        )


def nice_ticks(hi: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``hi``."""
    if hi <= 0:
        return [0.0, 1.0]
    raw = hi / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(hi / step - 1e-9) + 1)]


def priority_bars(rows: list[dict]) -> Chart:
    """Stacked horizontal bars: each journey's score split into its published component points."""
    top = rows[:10]
    chart = Chart(900, 60 + 28 * len(top), "Priority score by component")
    label_w, bar_w = 350, 440
    x, y = 10, 6
    for comp, colour in COMPONENT_COLOURS.items():  # legend, wrapped onto a second line when needed
        width = 22 + fmt.text_width(COMPONENT_LABELS[comp], 11)
        if x + width > chart.width:
            x, y = 10, y + 18
        chart.rect(x, y, 12, 12, colour)
        chart.text(x + 16, y + 10, COMPONENT_LABELS[comp], size=11)
        x += width + 14
    top_y = y + 26
    chart.height = int(top_y + 28 * len(top) + 8)
    for i, row in enumerate(top):
        y = top_y + 28 * i
        chart.fit_text(
            label_w - 8, y + 15, f"{row['priority_rank']}. {row['name']}", label_w - 16, anchor="end"
        )
        x = label_w
        for comp, colour in COMPONENT_COLOURS.items():
            points = row[f"{comp}_points"] or 0
            w = bar_w * points / 100
            chart.rect(x, y, w, 20, colour, f"{COMPONENT_LABELS[comp]}: {points:.1f} points")
            x += w
        chart.text(x + 6, y + 15, f"{row['priority_score']:.1f} points", weight="bold", size=11)
    return chart


def _overlaps(a: tuple, b: tuple, pad: float = 2.0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def place_labels(points: list[dict], bounds: tuple[float, float, float, float], size: float) -> list[dict]:
    """Simple label-collision avoidance: try positions around each dot (right, left, above, below,
    then the diagonals, then further out) and take the first whose box stays inside ``bounds`` and
    overlaps no label placed so far and no dot. ``points``: dicts with cx, cy, r, text. Returns one
    dict per point with x, y (baseline), anchor, box and whether a leader line is needed."""
    height = size * 1.25
    dots = [(p["cx"] - p["r"], p["cy"] - p["r"], p["cx"] + p["r"], p["cy"] + p["r"]) for p in points]
    placed: list[tuple] = []
    out = []
    for i, p in enumerate(points):
        w = fmt.text_width(p["text"], size)
        best = None
        for distance in (3, 10, 20, 34, 50, 70, 95, 125):
            d = p["r"] + distance
            for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
                if dx > 0:
                    x0 = p["cx"] + d * (0.75 if dy else 1)
                elif dx < 0:
                    x0 = p["cx"] - d * (0.75 if dy else 1) - w
                else:
                    x0 = p["cx"] - w / 2
                cy = p["cy"] + dy * d * (0.75 if dx else 1)
                box = (x0, cy - height / 2, x0 + w, cy + height / 2)
                inside = (
                    box[0] >= bounds[0]
                    and box[2] <= bounds[2]
                    and box[1] >= bounds[1]
                    and box[3] <= bounds[3]
                )
                if not inside or any(_overlaps(box, q) for q in placed):
                    continue
                if any(_overlaps(box, dot, 1) for dot in dots):
                    continue
                best = (box, distance)
                break
            if best:
                break
        if best is None:  # nothing free near the dot: the nearest free spot on a grid over the plot
            spots = [
                (bounds[0] + gx, bounds[1] + gy)
                for gx in range(0, int(bounds[2] - bounds[0] - w), 12)
                for gy in range(0, int(bounds[3] - bounds[1] - height), 8)
            ]
            spots.sort(key=lambda s: (s[0] + w / 2 - p["cx"]) ** 2 + (s[1] + height / 2 - p["cy"]) ** 2)
            for x0, y0 in spots:
                box = (x0, y0, x0 + w, y0 + height)
                if not any(_overlaps(box, q) for q in placed) and not any(_overlaps(box, d, 1) for d in dots):
                    best = (box, 999)
                    break
        if best is None:  # a full plot: the last resort is the dot's right side
            box = (p["cx"] + p["r"] + 3, p["cy"] - height / 2, p["cx"] + p["r"] + 3 + w, p["cy"] + height / 2)
            best = (box, 3)
        placed.append(best[0])
        box = best[0]
        out.append(
            {
                "x": box[0],
                "y": box[1] + height * 0.78,
                "anchor": "start",
                "box": box,
                "leader": best[1] > 10,
                "index": i,
            }
        )
    return out


def priority_matrix(rows: list[dict], currency: str) -> Chart:
    """Value at risk (x: CLV of the people who dropped out, in ``currency``) against customer pain
    (y: 0 none … 1 every answer negative); dot size = reach, colour = the published priority_quadrant.
    A journey without an outcome (no value at risk) or without feedback (no pain) is drawn as a ring
    on the axis and says so in its label; dots at the same place are fanned out so each stays visible."""
    chart = Chart(900, 480, "Priority matrix: value at risk vs customer pain", "chart matrix")
    left, top, right, bottom = 80, 44, 880, 410
    pad = 18  # the zero of each axis sits a little inside, so rings on an axis leave its ticks readable
    w, h = right - left - pad, bottom - top - pad
    xs = [r["value_at_risk"] for r in rows]
    ys = [r["customer_pain"] for r in rows]
    x_ticks = nice_ticks(max((float(v) for v in xs if v is not None), default=0) * 1.1)
    y_ticks = nice_ticks(max((float(v) for v in ys if v is not None), default=0) * 1.15)
    max_reach = max((r["reach"] or 0 for r in rows), default=0) or 1
    x = left
    for quadrant, colour in QUADRANT_COLOURS.items():  # legend
        chart.circle(x + 6, 14, 5, colour)
        chart.text(x + 14, 18, QUADRANT_LABELS[quadrant], size=11)
        x += 34 + fmt.text_width(QUADRANT_LABELS[quadrant], 11)
    chart.text(
        x + 10, 18, "dot size = reach (people) · ring = no evidence for that axis", size=11, fill="#555"
    )
    for t in x_ticks:
        px = left + pad + w * t / x_ticks[-1]
        chart.line(px, top, px, bottom, "#eee")
        anchor = "end" if t == x_ticks[-1] else "middle"
        chart.text(px, bottom + 16, fmt.compact_money(t, currency), anchor=anchor, size=10)
    for t in y_ticks:
        py = bottom - pad - h * t / y_ticks[-1]
        chart.line(left, py, right, py, "#eee")
        chart.text(left - 10, py + 4, f"{t:.2f}", anchor="end", size=10)
    chart.line(left, bottom, right, bottom, "#666")
    chart.line(left, bottom, left, top, "#666")
    chart.text(
        (left + right) / 2,
        bottom + 42,
        f"value at risk ({currency}): expected CLV of the people who dropped out",
        anchor="middle",
    )
    chart.text(
        12,
        top - 8,
        "customer pain (0 = none … 1 = every answer negative, low CSAT, detractor, high effort)",
        size=12,
    )
    points, seen = [], {}
    for r, vx, vy in zip(rows, xs, ys, strict=True):
        cx = left + pad + w * float(vx or 0) / x_ticks[-1]
        cy = bottom - pad - h * float(vy or 0) / y_ticks[-1]
        key = (round(cx / 6), round(cy / 6))
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        if nth:  # same place as an earlier dot: fan out inside the plot
            cx, cy = cx + 10 * nth * abs(math.cos(nth * 1.3)), cy - 10 * nth * abs(math.sin(nth * 1.3))
        missing = [m for m, v in (("no outcome", vx), ("no feedback", vy)) if v is None]
        text = (r["journey_name_en"] or r["journey_node_id"]) + (
            f" ({', '.join(missing)})" if missing else ""
        )
        radius = 6 + 12 * ((r["reach"] or 0) / max_reach) ** 0.5
        points.append({"cx": cx, "cy": cy, "r": radius, "text": text, "row": r, "ring": bool(missing)})
    for p in points:
        r = p["row"]
        chart.circle(
            p["cx"], p["cy"], p["r"], QUADRANT_COLOURS.get(r["priority_quadrant"], "#7f8c8d"),
            f"{r['name']} — {QUADRANT_LABELS.get(r['priority_quadrant'], r['priority_quadrant'])}: value at risk "
            f"{fmt.money(r['value_at_risk'], currency)}, customer pain {fmt.number(r['customer_pain'], 2)}, "
            f"reach {fmt.number(r['reach'])} people",
            cls="matrix-dot ring" if p["ring"] else "matrix-dot",
        )  # fmt: skip
    for lab in place_labels(points, (left + 2, top + 2, right - 2, bottom - 2), 11):
        p = points[lab["index"]]
        if lab["leader"]:
            bx = min(max(p["cx"], lab["box"][0]), lab["box"][2])
            by = min(max(p["cy"], lab["box"][1]), lab["box"][3])
            chart.line(p["cx"], p["cy"], bx, by, "#aaa")
        chart.text(lab["x"], lab["y"], p["text"], size=11, cls="matrix-label", title=p["row"]["name"])
    return chart


def funnel_chart(steps: list[dict], currency: str) -> Chart:
    """People reaching each step of one funnel (bars), drop-off and value at risk per step; the step
    with the largest value at risk is marked."""
    chart = Chart(900, 30 + 46 * len(steps), "Funnel", "chart funnel")
    label_w, bar_w = 340, 200
    value_x = label_w + bar_w + 96  # the drop-off column starts after the longest "12,345 people"
    entered = (steps[0]["reached"] or 1) if steps else 1
    worst = max((s["value_at_risk"] or 0 for s in steps), default=0)
    chart.text(label_w, 14, "people who reached the step", size=11, fill="#555")
    chart.text(value_x, 14, f"drop-off · value at risk ({currency})", size=11, fill="#555")
    for i, s in enumerate(steps):
        y = 24 + 46 * i
        w = bar_w * (s["reached"] or 0) / entered
        chart.fit_text(
            label_w - 8, y + 19, f"{s['step_number']}. {s['touchpoint']}", label_w - 16, anchor="end"
        )
        chart.rect(label_w, y, w, 28, "#2980b9", f"{fmt.number(s['reached'])} people reached this step")
        chart.text(label_w + w + 6, y + 19, f"{fmt.number(s['reached'])} people", size=11)
        if s["drop_off_rate"] is not None:
            is_worst = worst > 0 and (s["value_at_risk"] or 0) == worst
            chart.text(
                value_x, y + 19,
                f"{fmt.percent(s['drop_off_rate'])} dropped · {fmt.money(s['value_at_risk'], currency)}"
                + (" ◀ largest" if is_worst else ""),
                size=11, fill="#c0392b", weight="bold" if is_worst else "normal",
                cls="worst-step" if is_worst else "",
            )  # fmt: skip
    return chart


def hbar_chart(items: list[tuple[str, float]], label: str, lo: float, hi: float, value_fmt) -> Chart:
    """Horizontal bars from a zero line (negative to the left in red, positive to the right in green)."""
    chart = Chart(900, 20 + 26 * len(items), label)
    label_w, width = 330, 460
    zero = label_w + width * (0 - lo) / (hi - lo) if hi > lo else label_w
    chart.line(zero, 0, zero, 20 + 26 * len(items), "#bbb")
    for i, (name, value) in enumerate(items):
        y = 8 + 26 * i
        v = value or 0
        x_end = label_w + width * (v - lo) / (hi - lo) if hi > lo else zero
        chart.fit_text(label_w - 8, y + 13, name, label_w - 16, anchor="end")
        colour = "#27ae60" if v >= 0 else "#c0392b"
        chart.rect(min(zero, x_end), y, abs(x_end - zero), 18, colour, f"{name}: {value_fmt(value)}")
        chart.text(max(zero, x_end) + 6, y + 13, value_fmt(value), size=11)
    return chart


def sparkline(values: list[float | None], label: str, width: int = 160, height: int = 36) -> Chart:
    """A small line of one journey's score over the runs in the history; the last point is marked."""
    chart = Chart(width, height, label, "chart sparkline")
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return chart
    lo, hi = min(v for _, v in known), max(v for _, v in known)
    span = (hi - lo) or 1.0
    step = (width - 8) / max(len(values) - 1, 1)
    pts = [(4 + i * step, height - 5 - (height - 10) * (v - lo) / span) for i, v in known]
    chart.line(4, height - 5, width - 4, height - 5, "#eee")
    if len(pts) > 1:
        chart.polyline(pts)
    chart.circle(pts[-1][0], pts[-1][1], 3, "#1f3a5f")
    return chart


def sentiment_chart(rows: list[dict]) -> Chart:
    return hbar_chart(
        [(r["name"], r["avg_sentiment"]) for r in rows],
        "Sentiment by touchpoint",
        -1,
        1,
        lambda v: fmt.number(v, 2),
    )


def tier_chart(rows: list[dict]) -> Chart:
    """Customers per tier as bars of their share of all customers."""
    total = sum(r["customers"] or 0 for r in rows) or 1
    items = [(r["service_tier"], (r["customers"] or 0) / total) for r in rows]
    return hbar_chart(items, "Service tier distribution", 0, 1, fmt.percent)
