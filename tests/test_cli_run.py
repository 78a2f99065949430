"""`python -m pipeline.run` as a person sees it, with the real pipeline on the small generated exports:
a short output without DEBUG lines or colour codes, each warning once, a summary whose numbers agree
with counts made here (rows in the landing files, rows in the serving file's audit and contract
tables), the full log in a file, and a failing stage named with its error and the log."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import duckdb
import pytest

from pipeline.cli_output import QUARANTINE_SQL
from pipeline.defs.serving.assets import CONTRACT_TABLES
from pipeline.ingest.specs import SPECS
from pipeline.run_records import load_run_records
from tests.conftest import PROJECT_ROOT
from tests.pipeline_runs import PLANTED_BAD_ORDERS, run_pipeline

PII_WARNING = "JOURNEY_PII_KEY is not set"


def _data_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1  # header


def _field(output: str, name: str) -> str:
    (line,) = [x for x in output.splitlines() if x.startswith(f"{name} ")]
    return line[len(name) :].strip()


def _number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.fixture(scope="module")
def landing(small_night) -> Path:
    """The small exports with two orders that lack their order_id (tests.pipeline_runs.small_night_landing)."""
    return small_night.landing


@pytest.fixture(scope="module")
def run(small_night):
    proc, warehouse = small_night("UTC")  # stdout and stderr are pipes: not a terminal
    return warehouse, proc


@pytest.mark.e2e
def test_the_output_is_short_plain_and_without_debug_lines(run):
    _, proc = run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    output = proc.stdout + proc.stderr
    lines = output.splitlines()
    # off a terminal the dbt line is repeated at most every 15 s while dbt runs: its count depends on
    # how long dbt took on this machine, so it is bounded by the run's duration
    seconds = _seconds(_field(proc.stdout, "duration"))
    dbt_lines = [line for line in lines if line.split("] ", 1)[-1].startswith("dbt ")]
    assert len(dbt_lines) <= seconds / 15 + 2, dbt_lines
    # the rest: progress (about 10 lines), the summary (about 14) and one warning, plus the published
    # contract tables three to a line: one screen
    assert len(lines) - len(dbt_lines) <= 28 + math.ceil(len(CONTRACT_TABLES) / 3), output
    assert "DEBUG" not in output
    assert "\x1b" not in output  # no colour codes off a terminal
    assert "STEP_START" not in output and " OK created " not in output  # Dagster's and dbt's log: in the file
    assert output.count(PII_WARNING) == 1  # raised by every step and by the dbt process's Python models
    assert "BetaWarning" not in output  # a library's notice: in the log only


@pytest.mark.e2e
def test_the_summary_agrees_with_the_landing_files_and_the_serving_file(run, landing):
    warehouse, proc = run
    out = proc.stdout
    files = sorted(p for p in landing.glob("*/*") if p.is_file())
    rows = sum(_data_rows(p) for p in files)
    assert _field(out, "files") == f"{len(files)} loaded, 0 rejected, 0 unchanged (already loaded)"
    read, loaded, quarantined = map(_number, re.findall(r"\d[\d,]*", _field(out, "rows")))
    assert (read, loaded, quarantined) == (rows, rows - PLANTED_BAD_ORDERS, PLANTED_BAD_ORDERS)
    dated = [re.search(r"\d{4}-\d{2}-\d{2}", p.name) for p in files if p.parent.name == "web"]
    days = sorted(d[0] for d in dated if d)  # the midnight export has no date in its name
    first, last, count = re.fullmatch(r"(\S+) … (\S+) \((\d+) days\)", _field(out, "days")).groups()
    assert (first, last, int(count)) == (days[0], days[-1], len(days))  # one export file a day

    serving = warehouse / "journeys.duckdb"
    assert _field(out, "serving") == str(serving)
    assert _field(out, "report") == str(warehouse / "journey_report.html")
    assert (warehouse / "journey_report.html").exists()
    with duckdb.connect(str(serving), read_only=True) as con:
        # the query the summary prints lists exactly the quarantined rows of the audit table
        assert QUARANTINE_SQL in out
        shown = con.execute(QUARANTINE_SQL).fetchall()
        assert len(shown) == PLANTED_BAD_ORDERS
        assert all(source_file == "orders.csv" for source_file, _, _ in shown)
        counts = {t: con.execute(f"select count(*) from marts.{t}").fetchall()[0][0] for t in CONTRACT_TABLES}
        tables = con.execute("select count(*) from information_schema.tables").fetchall()[0][0]
    published = out[out.index("published  ") : out.index("serving    ")]
    assert published.startswith(f"published  {tables} tables ({len(CONTRACT_TABLES)} contract tables")
    for table, n in counts.items():
        assert re.search(rf"\b{table} {n:,}(\s|$)", published), (table, n, published)
    passed, failed, warned = map(int, re.findall(r"(\d+) (?:passed|failed|warned)", _field(out, "checks")))
    manifest = json.loads((PROJECT_ROOT / "dbt_project" / "target" / "manifest.json").read_text())
    dbt_tests = sum(1 for node in manifest["nodes"].values() if node["resource_type"] == "test")
    assert passed + failed + warned == 2 * len(SPECS) + dbt_tests  # two raw zone checks a table
    assert failed == 0
    # the live dbt line (running totals the dbt step logs while dbt runs) ends at every node of the manifest
    nodes = sum(1 for node in manifest["nodes"].values() if node["resource_type"] in ("model", "seed"))
    dbt_lines = [line for line in out.splitlines() if line.split("] ", 1)[-1].startswith("dbt ")]
    assert f" {nodes}/{nodes} models and seeds, {dbt_tests} tests" in dbt_lines[-1], dbt_lines


@pytest.mark.e2e
def test_the_full_log_is_in_a_file_under_the_warehouse(run):
    warehouse, proc = run
    path = Path(_field(proc.stdout, "log"))
    assert path.parent == warehouse / "logs" and path.name.startswith("run-") and path.suffix == ".log"
    log = path.read_text(encoding="utf-8")
    assert " DEBUG " in log and 'STEP_START - Started execution of step "raw__web_events"' in log
    assert " OK created " in log  # dbt's own output
    assert log.count(PII_WARNING) > 1  # every occurrence, with its source line
    assert "\x1b" not in log


@pytest.mark.e2e
def test_a_failing_stage_is_named_with_its_error_and_the_log(landing, tmp_path):
    warehouse = tmp_path / "warehouse"
    (warehouse / "raw").mkdir(parents=True)
    (warehouse / "raw" / "web_events").write_text("not a directory")  # the raw zone is damaged
    proc = run_pipeline(landing, warehouse)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    failed = [r for r in load_run_records(warehouse).to_dicts() if r["outcome"] == "failed"]
    assert [r["stage"] for r in failed] == ["ingest/web_events"]  # the pipeline's own record
    lines = proc.stderr.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("FAILED in stage "))
    assert lines[head].startswith("FAILED in stage ingest/web_events after ")
    assert "nothing was published" in lines[head]
    assert lines[head + 1].startswith("error: ")
    assert " ".join(failed[0]["detail"].split()) in lines[head + 1]  # the error the stage recorded
    assert lines[head + 2].startswith("full log: ")
    log = Path(lines[head + 2].removeprefix("full log: ")).read_text(encoding="utf-8")
    assert "STEP_FAILURE" in log and ("Traceback" in log or "Stack Trace" in log)
    assert "── summary" not in proc.stdout and len((proc.stdout + proc.stderr).splitlines()) <= 20
    assert not (warehouse / "journeys.duckdb").exists()


def _seconds(duration: str) -> float:
    """'2 min 05 s' or '53 s' -> seconds."""
    minutes = re.search(r"(\d+) min", duration)
    return (int(minutes[1]) * 60 if minutes else 0) + int(re.search(r"(\d+) s", duration)[1])
