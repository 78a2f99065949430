"""The journey report: one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched)
that a CX manager can open offline, built from the published serving warehouse only.

The parts: queries.py reads the published columns, charts.py lays out the SVG charts, render.py fills
the Jinja2 templates in templates/ (autoescaped). This module is the entry point the serving asset
and the tests use.
"""

from __future__ import annotations

from datetime import datetime

from pipeline import duckdb_connect
from pipeline.report.charts import QUADRANT_COLOURS, QUADRANT_LABELS
from pipeline.report.queries import gather
from pipeline.report.render import render

__all__ = ["QUADRANT_COLOURS", "QUADRANT_LABELS", "build_report", "gather", "render"]


def build_report(serving_db, generated_at: datetime | None = None, currency: str = "EUR") -> tuple[str, dict]:
    """The page and the data it shows (the serving asset also turns the data into Dagster metadata)."""
    with duckdb_connect.connect(str(serving_db), read_only=True) as con:
        data = gather(con)
    return render(data, generated_at, currency), data
