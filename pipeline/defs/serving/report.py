"""The journey report (HTML) written after each publish, and its highlights as Dagster metadata."""

import time

import dagster as dg

from pipeline import atomic
from pipeline.config import Settings
from pipeline.defs.serving.assets import SERVING_FRESHNESS
from pipeline.defs.shared import stage
from pipeline.report.html import QUADRANT_LABELS, build_report


def _bar(share: float, width: int = 24) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def priority_markdown(priority: list[dict]) -> str:
    lines = [
        "| rank | journey | score | quadrant | value at risk | effort / person | why |",
        "|---:|---|---:|---|---:|---:|---|",
    ]
    for r in priority:
        lines.append(
            f"| {r['priority_rank']} | {r['journey_name_en']} | {r['priority_score']:.1f} | "
            f"{QUADRANT_LABELS.get(r['priority_quadrant'], r['priority_quadrant'])} | "
            f"{(r['value_at_risk'] or 0):,.0f} | {(r['service_effort_per_person'] or 0):.2f} | {r['explanation']} |"
        )
    return "\n".join(lines)


def matrix_markdown(priority: list[dict]) -> str:
    """The priority matrix as a 2 × 2 table of the published quadrants (journey_priority_scores.
    priority_quadrant): value at risk (columns) against service effort per person (rows)."""
    if not priority:
        return "no journeys scored"
    cells: dict[str, list[str]] = {q: [] for q in QUADRANT_LABELS}
    for r in priority:
        cells.setdefault(r["priority_quadrant"], []).append(
            f"{r['journey_name_en']} ({r['priority_score']:.0f})"
        )
    fmt = lambda names: ", ".join(names) or "–"  # noqa: E731
    return "\n".join(
        [
            "| | lower value at risk | higher value at risk |",
            "|---|---|---|",
            f"| **higher service effort** | {fmt(cells['reduce_effort'])} | **fix first:** {fmt(cells['fix_first'])} |",
            f"| **lower service effort** | {fmt(cells['monitor'])} | {fmt(cells['protect_value'])} |",
        ]
    )


def funnel_markdown(funnel: dict) -> str:
    steps = funnel["steps"]
    entered = (steps[0]["reached"] or 1) if steps else 1
    lines = [
        f"**{funnel['name']}** (`{funnel['funnel_id']}`)",
        "",
        "| step | reached | | drop-off |",
        "|---|---:|---|---:|",
    ]
    for s in steps:
        drop = "" if s["drop_off_rate"] is None else f"{s['drop_off_rate']:.1%}"
        lines.append(
            f"| {s['step_number']}. {s['touchpoint']} | {s['reached']:,} | `{_bar((s['reached'] or 0) / entered)}` | {drop} |"
        )
    return "\n".join(lines)


@dg.asset(
    key=["serving", "journey_report"],
    group_name="serving",
    kinds={"html", "python"},
    owners=["team:cx-analytics"],
    deps=[dg.AssetKey(["serving", "journeys_duckdb"])],
    freshness_policy=SERVING_FRESHNESS,
    description="A self-contained HTML report for CX managers (JOURNEY_WAREHOUSE_DIR/journey_report.html): "
    "priority ranking and matrix, a drill-down into the top journeys (their funnel with value at risk per step, "
    "where drop-offs went, their pain points), segments side by side, the trend since the last run, funnels, "
    "touchpoint sentiment, pain and gain points, service tiers, data quality of the night. Opens offline.",
)
def journey_report(
    context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]
) -> dg.MaterializeResult:
    cfg = settings
    started = time.perf_counter()
    with stage(context, "report") as record:
        html, data = build_report(cfg.serving_db, currency=cfg.currency)
        target = atomic.write_text(cfg.warehouse_dir / "journey_report.html", html)
        record.rows_processed = len(data["priority"])
    priority_md = priority_markdown(data["priority"])
    funnels_md = "\n\n".join(funnel_markdown(f) for f in data["funnels"])
    # the same pictures on the marts they come from, so the asset pages of those marts show them
    context.log_event(
        dg.AssetObservation(
            asset_key=dg.AssetKey(["marts", "journey_priority_scores"]),
            metadata={
                "top_high_level_journeys": dg.MetadataValue.md(priority_md),
                "priority_matrix": dg.MetadataValue.md(matrix_markdown(data["priority"])),
            },
        )
    )
    context.log_event(
        dg.AssetObservation(
            asset_key=dg.AssetKey(["marts", "fct_funnel_steps"]),
            metadata={"top_funnels": dg.MetadataValue.md(funnels_md)},
        )
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(target)),
            "bytes": len(html.encode("utf-8")),
            "priority_ranking": dg.MetadataValue.md(priority_md),
            "priority_matrix": dg.MetadataValue.md(matrix_markdown(data["priority"])),
            "funnels": dg.MetadataValue.md(funnels_md),
            "seconds": round(time.perf_counter() - started, 2),
        }
    )
