"""The Dagster UI and the journey report, rendered in a real headless Chromium.

Screenshots are kept in test-artifacts/ (TEST_ARTIFACTS_DIR). Needs Debian's chromium: `make test`
installs it where it can (apt, as root); without it these tests are skipped with that reason and
`make test-browser` runs them once Chromium is there."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import chromium, dump_dom, screenshot
from tests.conftest import PROJECT_ROOT

LOCATION_STATUS = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium() is None, reason="chromium is not installed (make test-browser installs it)"
    ),
]

MEASURE = """
<script>
window.addEventListener('load', () => {
  const box = el => { const b = el.getBoundingClientRect();
                      return {x: b.left, y: b.top, w: b.width, h: b.height}; };
  const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
    const outer = box(svg);
    const texts = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, ...box(t)}));
    return {label: svg.getAttribute('aria-label'), cls: svg.getAttribute('class'), width: outer.w,
            height: outer.h, box: outer, shapes: svg.querySelectorAll('rect, circle, polyline').length,
            texts: texts};
  });
  const matrix = document.querySelector('svg.matrix');
  const labels = matrix ? [...matrix.querySelectorAll('text.matrix-label')].map(t => ({text: t.textContent, ...box(t)})) : [];
  const dots = matrix ? [...matrix.querySelectorAll('circle.matrix-dot')].map(box) : [];
  const overflowing = [...document.querySelectorAll('main section, main td, main th, main p, main h3, main h4')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => el.tagName + ': ' + el.textContent.slice(0, 80));
  // every shortened text (ending in the ellipsis) must carry its full text in a title
  const shortened = [...document.querySelectorAll('main span.clipped, main svg text')]
    .filter(el => el.firstChild && el.textContent.trim().endsWith('…'))
    .map(el => ({text: el.textContent, title: el.getAttribute('title') || (el.parentNode.querySelector(':scope > title') || {}).textContent || ''}));
  const drilldowns = [...document.querySelectorAll('article.drilldown')].map(a => ({
    id: a.id, height: box(a).h, charts: a.querySelectorAll('svg.chart').length,
    tables: a.querySelectorAll('table').length}));
  const out = document.createElement('pre');
  out.id = 'measurements';
  out.textContent = JSON.stringify({charts, labels, dots, overflowing, shortened, drilldowns,
    page: {scroll: document.documentElement.scrollWidth, inner: window.innerWidth}});
  document.body.appendChild(out);
});
</script>
"""


def _text(dom: str) -> str:
    dom = re.sub(r"<(style|script)\b.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def _inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + slack
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + slack
    )


@pytest.mark.e2e
def test_journey_report_renders_its_sections_and_charts(built_warehouse, tmp_path):
    report = built_warehouse / "journey_report.html"
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # a copy with a measuring script: the shipped report stays script-free
    probe = tmp_path / "report_probe.html"
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = dump_dom(probe.as_uri(), window="1200,900")
    text = _text(dom)
    for heading in (
        "Which journeys to fix first",
        "Priority matrix",
        "Drill-down: the evidence behind the top 3 journeys",
        "Segments side by side",
        "Trend since the last run",
        "Funnels: where people drop off",
        "What customers say at each touchpoint",
        "Top pain and gain points",
        "Service tiers",
        "Data quality of the night",
    ):
        assert heading in text, heading
    # units and the period: currency with amounts, effort's unit, the priority window
    assert re.search(r"\d EUR\b", text) and "effort units / person" in text
    assert re.search(r"the 90 days \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}", text)
    m = json.loads(
        re.search(r'<pre id="measurements">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"')
    )
    charts = m["charts"]
    labels = {c["label"] for c in charts}
    assert {
        "Priority score by component",
        "Priority matrix: value at risk vs customer pain",
        "Funnel",
        "Sentiment by touchpoint",
        "Service tier distribution",
    } <= labels
    for chart in charts:  # drawn: has a size on the page and something in it, and no text outside it
        if "sparkline" in chart["cls"]:
            assert chart["width"] >= 100 and chart["height"] >= 20, chart["label"]
            continue
        assert chart["width"] > 100 and chart["height"] > 40 and chart["shapes"] > 0, chart["label"]
        for i, t in enumerate(chart["texts"]):
            assert _inside(t, chart["box"]), (chart["label"], t)
            for u in chart["texts"][i + 1 :]:  # no label drawn over another
                assert not _overlap(t, u), (chart["label"], t["text"], u["text"])
    # the drill-down: three journeys, each with its funnel chart and its tables
    assert len(m["drilldowns"]) == 3, m["drilldowns"]
    for d in m["drilldowns"]:
        assert d["height"] > 200 and d["tables"] >= 1, d
    assert m["drilldowns"][0]["charts"] == 1  # the first journey of the sample has an outcome funnel
    # the matrix: a label per dot, no two labels overlapping, all inside the chart
    matrix = next(c for c in charts if "matrix" in c["cls"])
    assert len(m["labels"]) == len(m["dots"]) >= 5
    for i, a in enumerate(m["labels"]):
        assert _inside(a, matrix["box"]), a
        for b in m["labels"][i + 1 :]:
            assert not _overlap(a, b), (a, b)
    # dots spread over both axes (not all on one line)
    assert len({round(d["x"]) for d in m["dots"]}) >= 3 and len({round(d["y"]) for d in m["dots"]}) >= 3
    # nothing overflows its box, the page does not scroll sideways, every shortened text has its full text
    assert m["overflowing"] == [], m["overflowing"]
    assert m["page"]["scroll"] <= m["page"]["inner"], m["page"]
    for s in m["shortened"]:
        assert s["title"] and " ".join(s["title"].split()).startswith(s["text"].rstrip("…").rstrip()), s
    shot = screenshot(report.as_uri(), "journey_report.png", window="1200,2400")
    assert shot.stat().st_size > 10_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    port = _free_port()
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text((PROJECT_ROOT / ".dagster" / "dagster.yaml").read_text())
    env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-webserver"),
            *("-m", "pipeline.definitions", "-h", "127.0.0.1", "-p", str(port)),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/server_info", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("dagster-webserver did not answer within 120 s")
        # the server answers before it has loaded the code location; a page opened earlier shows
        # "Loading pipeline.definitions…" instead of the graph
        query = json.dumps({"query": LOCATION_STATUS}).encode()
        while time.time() < deadline:
            request = urllib.request.Request(
                f"{base}/graphql", data=query, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                entries = json.load(response)["data"]["workspaceOrError"].get("locationEntries", [])
            if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                break
            time.sleep(1)
        else:
            pytest.fail("dagster-webserver did not load pipeline.definitions within 120 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_dagster_asset_graph_shows_the_assets(webserver):
    lineage = _text(dump_dom(f"{webserver}/asset-groups"))
    for group in ("ingest", "staging", "intermediate", "scoring", "marts", "audit", "serving", "atlas"):
        assert group in lineage
    # the groups are the layers: the scoring group holds the models of models/scoring/
    scoring = _text(
        dump_dom(
            f"{webserver}/locations/pipeline.definitions/asset-groups/scoring/lineage", window="3000,3000"
        )
    )
    for asset in ("clv_customer_predictions", "clv_fit", "journey_priority", "priority_funnel_steps"):
        assert asset in scoring, asset
    # the graph only draws nodes inside the viewport: a large window shows the whole ingest group
    ingest = _text(
        dump_dom(
            f"{webserver}/locations/pipeline.definitions/asset-groups/ingest/lineage", window="3000,3000"
        )
    )
    for asset in ("web_events", "crm_orders", "feedback", "ingestion_log", "feedback_sentiment"):
        assert asset in ingest, asset
    assert "Asset checks" in ingest
    screenshot(
        f"{webserver}/locations/pipeline.definitions/asset-groups/ingest/lineage",
        "dagster_ingest_lineage.png",
    )
    shot = screenshot(f"{webserver}/asset-groups", "dagster_asset_graph.png")
    assert shot.stat().st_size > 10_000
