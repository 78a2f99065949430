"""What `python -m pipeline.run` prints, on hand-made inputs (pipeline/cli_output.py; no run needed)."""

from __future__ import annotations

import io
from datetime import date

from pipeline.cli_output import (
    QUARANTINE_SQL,
    WARNING_LINE,
    Checks,
    Console,
    Failure,
    RunSummary,
    failure_lines,
    ingest_line,
    is_library_file,
    one_paragraph,
    stage_of_step,
    summary_lines,
)

CONTRACT = ("dim_journeys", "fct_sessions", "fct_journey_events", "dim_customers")


def _summary(**changes) -> RunSummary:
    s = RunSummary(
        first=date(2026, 8, 3),
        last=date(2026, 11, 1),
        seconds=75.4,
        log_path="/w/logs/run-1.log",
        files_loaded=94,
        files_rejected=1,
        files_unchanged=3,
        rows_read=1000,
        rows_loaded=990,
        rows_quarantined=10,
        checks=Checks(passed=40, failed=[], warned=["dq_share_of_bots"]),
        tables={
            "marts.dim_journeys": 33,
            "marts.fct_sessions": 26960,
            "marts.fct_journey_events": 90442,
            "marts.dim_customers": 2173,
            "audit.runs": 12,
        },
        contract_tables=CONTRACT,
        serving_path="/w/journeys.duckdb",
        report_path="/w/journey_report.html",
    )
    for key, value in changes.items():
        setattr(s, key, value)
    return s


def _field(lines: list[str], name: str) -> str:
    (line,) = [x for x in lines if x.startswith(f"{name} ")]
    return line[len(name) :].strip()


def test_summary_says_where_things_are_and_what_happened():
    lines = summary_lines(_summary())
    assert _field(lines, "days") == "2026-08-03 … 2026-11-01 (91 days)"  # 29 + 30 + 31 + 1
    assert _field(lines, "files") == "94 loaded, 1 rejected, 3 unchanged (already loaded)"
    assert _field(lines, "rows") == "1,000 read: 990 loaded, 10 quarantined"
    assert QUARANTINE_SQL in "\n".join(lines) and "duckdb -readonly /w/journeys.duckdb" in "\n".join(lines)
    assert _field(lines, "checks") == "40 passed, 0 failed, 1 warned — warned: dq_share_of_bots"
    assert _field(lines, "published") == "5 tables (4 contract tables, rows below; 1 more)"
    table_text = " ".join(lines)
    for cell in (
        "dim_journeys 33",
        "fct_sessions 26,960",
        "fct_journey_events 90,442",
        "dim_customers 2,173",
    ):
        assert cell in table_text
    assert "runs 12" not in table_text  # not a contract table: counted, not listed
    assert _field(lines, "serving") == "/w/journeys.duckdb"
    assert _field(lines, "report") == "/w/journey_report.html"
    assert _field(lines, "log") == "/w/logs/run-1.log"
    assert _field(lines, "duration") == "1 min 15 s"
    assert len(lines) <= 16


def test_no_quarantine_no_query_and_one_day_singular():
    lines = summary_lines(_summary(rows_quarantined=0, first=date(2026, 11, 1), last=date(2026, 11, 1)))
    assert QUARANTINE_SQL not in "\n".join(lines)
    assert _field(lines, "days") == "2026-11-01 … 2026-11-01 (1 day)"
    assert not [x for x in lines if x.startswith("warnings")]


def test_late_events_are_named_only_when_there_are_some():
    assert not [x for x in summary_lines(_summary()) if x.startswith("late ")]
    lines = summary_lines(_summary(late_events=1204, late_event_files=1))
    assert _field(lines, "late") == (
        "1,204 events older than the lookback in 1 file: their days restated (audit.late_events)"
    )


def test_warnings_line_counts_the_similar_ones_left_to_the_log():
    lines = summary_lines(_summary(warnings_shown=2, warnings_similar=4))
    assert _field(lines, "warnings") == "2 (shown above; 4 more of the same kind in the log)"


def test_failed_checks_are_named():
    lines = summary_lines(_summary(checks=Checks(passed=3, failed=["a", "b", "c", "d"], warned=[])))
    assert _field(lines, "checks") == "3 passed, 4 failed, 0 warned — failed: a, b, c and 1 more"


def test_failure_is_stage_one_paragraph_and_log():
    error = "dbt build (dbt/x) did not finish:\n  the dbt process was killed by SIGKILL\x1b[31m!\x1b[0m\n\nMemory: 1GB"
    lines = failure_lines(Failure("dbt", error, "/w/logs/run-2.log", 12.0))
    assert len(lines) == 3
    assert lines[0].startswith("FAILED in stage dbt after 12 s; nothing was published")
    assert (
        lines[1]
        == "error: dbt build (dbt/x) did not finish: the dbt process was killed by SIGKILL! Memory: 1GB"
    )
    assert lines[2] == "full log: /w/logs/run-2.log"
    after_publish = failure_lines(Failure("report", "boom", "/l", 1.0, published=True))
    assert "the serving file was published, the report was not written" in after_publish[0]


def test_one_paragraph_cuts_long_errors():
    text = one_paragraph("word " * 1000, limit=100)
    assert len(text) == 100 and text.endswith("…") and "\n" not in text


def test_a_warning_is_shown_once_and_similar_ones_are_counted():
    out, err = io.StringIO(), io.StringIO()
    console = Console(out, err, tty=False)
    pii = "JOURNEY_PII_KEY is not set: pseudonymising with the PUBLIC DEVELOPMENT KEY."
    for _ in range(9):
        console.warning("UserWarning", pii)
    console.warning("", "Logging an `AssetObservation` for dbt test `a`.\n\nConfigure an asset key.")
    console.warning("", "Logging an `AssetObservation` for dbt test `b`.\n\nConfigure an asset key.")
    assert err.getvalue().splitlines() == [
        f"warning: {pii}",
        "warning: Logging an `AssetObservation` for dbt test `a`. Configure an asset key.",
    ]
    assert console.warnings.shown == 2 and console.warnings.similar_not_shown == 1
    assert out.getvalue() == ""


def test_progress_is_plain_off_a_terminal_and_quiet_hides_it():
    out, err = io.StringIO(), io.StringIO()
    console = Console(out, err, tty=False, tick_seconds=3600)
    console.progress(console.style("FAILED", "red") + " dbt")
    console.tick("dbt 1/65")
    console.tick("dbt 2/65")  # within tick_seconds of the first: not repeated off a terminal
    console.tick("dbt 65/65", final=True)
    console.warning("UserWarning", "careful")
    lines = out.getvalue().splitlines()
    assert "\x1b" not in out.getvalue() + err.getvalue()
    assert [line.split("] ", 1)[1] for line in lines] == ["FAILED dbt", "dbt 1/65", "dbt 65/65"]
    quiet_out = io.StringIO()
    quiet = Console(quiet_out, io.StringIO(), quiet=True, tty=False)
    quiet.progress("ingest")
    quiet.tick("dbt", final=True)
    quiet.line("summary")
    assert quiet_out.getvalue() == "summary\n"


def test_on_a_terminal_the_dbt_line_is_rewritten_in_place():
    out = io.StringIO()
    console = Console(out, io.StringIO(), tty=True)
    console.tick("dbt 1/2")
    console.tick("dbt 2/2", final=True)
    console.line("next")
    text = out.getvalue()
    assert text.count("\r\x1b[2K") == 2 and text.endswith("dbt 2/2\nnext\n")
    assert console.style("OK", "green") == "\x1b[32mOK\x1b[0m"


def test_ingest_line_reads_the_step_metadata():
    meta = {
        "files_ingested": 91,
        "files_unchanged": 2,
        "files_rejected": 1,
        "rows_read": 90442,
        "rows_quarantined": 7,
        "rows_per_second": 53047.2,
    }
    line = ingest_line("web_events", meta)
    assert "web_events" in line and "91 files" in line and "90,442 rows read, 7 quarantined" in line
    assert "(53,047 rows/s)" in line and "2 unchanged, 1 REJECTED" in line
    assert " 1 file " in ingest_line("crm_orders", {"files_ingested": 1, "rows_read": 5})


def test_warning_lines_of_the_dbt_process_are_recognised():
    line = "/srv/app/pipeline/config.py:69: UserWarning: JOURNEY_PII_KEY is not set: using the key"
    match = WARNING_LINE.match(line)
    assert match["category"] == "UserWarning"
    assert match["message"] == "JOURNEY_PII_KEY is not set: using the key"
    assert not is_library_file(match["file"])
    assert is_library_file("/x/.venv/lib/python3.11/site-packages/dagster/_core/decorator_utils.py")
    assert WARNING_LINE.match("  return load_settings()") is None
    assert WARNING_LINE.match("12 of 164 OK created sql view model staging.stg_crm__cases") is None


def test_step_keys_are_named_as_the_stages_of_audit_runs():
    assert stage_of_step("raw__web_events") == "ingest/web_events"
    assert stage_of_step("raw__crm_orders_great_expectations_crm_orders_suite_passes") == (
        "check/great_expectations_crm_orders_suite_passes"
    )
    assert (
        stage_of_step("raw__feedback_every_feedback_file_was_accepted")
        == "check/every_feedback_file_was_accepted"
    )
    assert stage_of_step("journey_dbt_models") == "dbt"
    assert stage_of_step("serving__journeys_duckdb") == "publish"
    assert stage_of_step("serving__journey_report") == "report"
