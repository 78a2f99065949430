"""The report page from Jinja2 templates (pipeline/report/templates, autoescaped): one template per
section, one per drill-down subsection, charts drawn by templates/_svg.html.j2 from pipeline/report/
charts.py geometry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import jinja2

from pipeline.report import charts
from pipeline.report import format as fmt

TEMPLATES = Path(__file__).parent / "templates"
# the page's sections in order: templates/sections/<name>.html.j2
SECTIONS = (
    "priority",
    "drilldown",
    "segments",
    "trend",
    "weekly",
    "contacts",
    "funnels",
    "sentiment",
    "tiers",
    "quality",
)
# each top journey's drill-down: templates/drilldown/<name>.html.j2, given ``d`` (one item of
# data["drilldowns"]). A new subsection is a query in queries.drilldowns, a template there and its
# name here.
DRILLDOWN_SUBSECTIONS = ("funnel", "dropoff_next", "pain_points", "contact_reasons")
WEIGHTS_NOTE = "weights in seeds/atlas/atlas_scoring_weights.csv"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=fmt.number,
        percent=fmt.percent,
        signed=fmt.signed,
        day=fmt.day,
        shorten=fmt.shorten,
        name=fmt.name,
    )
    env.globals.update(
        charts=charts,
        fmt=fmt,
        quadrant_labels=charts.QUADRANT_LABELS,
        quadrant_colours=charts.QUADRANT_COLOURS,
        drilldown_subsections=DRILLDOWN_SUBSECTIONS,
        weights_note=WEIGHTS_NOTE,
    )
    return env


def render(data: dict, generated_at: datetime | None = None, currency: str = "EUR") -> str:
    env = environment()
    env.filters["money"] = lambda value, digits=0: fmt.money(value, currency, digits)
    context = {
        "priority": [],
        "drilldowns": [],
        "funnels": [],
        "other_funnels": [],
        "segments": {"segments": [], "journeys": [], "cells": {}},
        "history": {"available": False, "runs": 0, "journeys": {}},
        "contacts": {"reasons": [], "paths": [], "callers": None, "window_days": None},
        "weekly": {"week": None, "steps": []},
        "period": {"as_of": None, "window_days": None, "first_month": None, "last_month": None},
        "sentiment": [],
        "pain_gain": [],
        "learned": {"pain": [], "gain": [], "listed": 0, "vetoed": 0},
        "topics": {"pain": [], "gain": [], "period_start_exclusive": None, "period_end": None, "covered": 0},
        "tiers": [],
        "ingestion": [],
        "rejected": [],
        "reasons": [],
        "dq": [],
        "run": None,
        **data,
    }
    by_node = {r["journey_node_id"]: r for r in context["priority"]}
    return env.get_template("report.html.j2").render(
        **context,
        by_node=by_node,
        sections=SECTIONS,
        currency=currency,
        generated_at=generated_at or datetime.now(UTC),
    )
