"""The wiring between a Dagster run and the console of `python -m pipeline.run` (the lines themselves are
made in pipeline/cli_output.py).

- The full log goes to a file (``<warehouse>/logs/run-<UTC time>.log``): every Dagster event at DEBUG,
  through a Dagster logger of the run (``@dg.logger``, the job's only logger: no coloured console
  logger), plus everything written to stdout/stderr while the run is in this process (dbt's output,
  which dagster-dbt re-emits on stdout, and the Python warnings), plus the root Python logger.
- The console gets progress lines from the same Dagster events (materialization metadata of each
  step, asset check evaluations of the dbt step), and each warning once.
- The summary is read from the run's result (``ExecuteInProcessResult``): materialization metadata
  of the ingestion, publish and report steps, the check evaluations, the step failures.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
import warnings
from datetime import date
from pathlib import Path

from pipeline.cli_output import (
    WARNING_LINE,
    Checks,
    Console,
    Failure,
    RunSummary,
    dbt_line,
    ingest_line,
    is_library_file,
    one_paragraph,
    parse_progress,
    stage_of_step,
    strip_ansi,
)

DBT_STEP = "journey_dbt_models"
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(message)s"


def _metadata(materialization) -> dict:
    return {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}


class _Tap:
    """A text stream that writes every complete line to the run's log (and passes it to ``on_line``)."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, name: str, log: logging.Logger, on_line):
        self.name, self._log, self._on_line, self._buffer = name, log, on_line, ""

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            self._emit(line)
        return len(text)

    def _emit(self, line: str) -> None:
        line = strip_ansi(line).rstrip("\r")
        self._log.info(line)
        self._on_line(line)

    def flush(self) -> None:
        pass

    def close_buffer(self) -> None:
        if self._buffer:
            self._emit(self._buffer)
            self._buffer = ""

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


class _DagsterRecords(logging.Handler):
    def __init__(self, run_console: RunConsole):
        super().__init__(logging.DEBUG)
        self.run_console = run_console

    def emit(self, record: logging.LogRecord) -> None:
        self.run_console.file_log.handle(record)
        try:
            self.run_console.on_record(record)
        except Exception:  # the console must never break the run; the log has the detail
            self.run_console.file_log.exception("console progress failed on a record")


class RunConsole:
    """Captures a run's output into its log file and shows progress on ``console`` while active."""

    def __init__(self, console: Console, log_path: Path, verbose: bool = False, dbt_models_total: int = 0):
        self.console, self.log_path, self.verbose = console, Path(log_path), verbose
        self.dbt_models_total = dbt_models_total
        self.file_log = logging.getLogger(f"journey.run.{id(self)}")
        self.file_log.setLevel(logging.DEBUG)
        self.file_log.propagate = False
        self._handlers: list[logging.Handler] = []
        self._dbt = {"models": 0, "tests": 0, "failed": 0, "started": None}
        self._stack = contextlib.ExitStack()
        self._shown: set = set()
        self._observed_tests: set[str] = set()
        self._dbt_live = False  # progress records seen while dbt ran: its held events are not recounted

    # --- capture -------------------------------------------------------------------------------

    def __enter__(self) -> RunConsole:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(self.log_path, encoding="utf-8")
        self._handlers.append(file_handler)
        if self.verbose:  # the full log on the console too (plain, no colour codes)
            self._handlers.append(logging.StreamHandler(self.console.err))
        for handler in self._handlers:
            handler.setFormatter(logging.Formatter(LOG_FORMAT))
            self.file_log.addHandler(handler)
        root = logging.getLogger()
        root.addHandler(file_handler)
        self._stack.callback(root.removeHandler, file_handler)
        self._stdout = _Tap("stdout", self.file_log, self.on_line)
        self._stderr = _Tap("stderr", self.file_log, self.on_line)
        self._stack.enter_context(contextlib.redirect_stdout(self._stdout))
        self._stack.enter_context(contextlib.redirect_stderr(self._stderr))
        self._stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("default")
        warnings.showwarning = self.showwarning
        return self

    def __exit__(self, *exc) -> None:
        self._stdout.close_buffer()
        self._stderr.close_buffer()
        self._stack.close()
        for handler in self._handlers:
            self.file_log.removeHandler(handler)
            handler.close()

    # --- sources -------------------------------------------------------------------------------

    def showwarning(self, message, category, filename, lineno, file=None, line=None) -> None:
        """Python warnings: the full text (with its source line) to the log, the message once to the
        console; warnings raised inside installed libraries (a Dagster BetaWarning) only to the log."""
        self.file_log.warning(warnings.formatwarning(message, category, filename, lineno, line).rstrip())
        if not is_library_file(str(filename)):
            self.console.warning(category.__name__, str(message))

    def on_line(self, line: str) -> None:
        """A line written to stdout/stderr during the run (dbt's output, the dbt process's warnings)."""
        match = WARNING_LINE.match(line)
        if match and not is_library_file(match["file"]):
            self.console.warning(match["category"], match["message"])

    def on_record(self, record: logging.LogRecord) -> None:
        """A Dagster log record of the run: progress from its event, if it has one."""
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            message = meta.get("orig_message", "")
            progress = parse_progress(message)
            if progress:  # dbt nodes finished so far (their events come when dbt exits)
                self._dbt_live = True
                self._dbt["models"], self._dbt["tests"], self._dbt["failed"] = progress
                self._dbt_tick()
            elif record.levelno == logging.WARNING:  # context.log.warning of a step
                self.console.warning("", meta.get("orig_message", record.getMessage()))
            return
        step = event.step_key or ""
        kind = event.event_type_value
        if kind == "STEP_START" and step == DBT_STEP:
            self._dbt["started"] = self.console.elapsed()
            self._dbt_tick()
        elif kind == "ASSET_MATERIALIZATION":
            self._materialized(step, event)
        elif kind == "ASSET_CHECK_EVALUATION" and step == DBT_STEP and not self._dbt_live:
            self._dbt["tests"] += 1
            self._dbt["failed"] += not event.asset_check_evaluation_data.passed
            self._dbt_tick()
        elif kind == "ASSET_OBSERVATION" and step == DBT_STEP and not self._dbt_live:
            observed = dbt_tests_observed([event])  # a dbt test dagster-dbt logs as an observation
            for unique_id, status in observed.items():
                if unique_id not in self._observed_tests:
                    self._observed_tests.add(unique_id)
                    self._dbt["tests"] += 1
                    self._dbt["failed"] += status in ("fail", "error")
        elif kind == "STEP_SUCCESS" and step == DBT_STEP:
            self._dbt_tick(final=True)
        elif kind == "STEP_FAILURE":
            if step == DBT_STEP:
                self._dbt_tick(final=True)
            self.console.progress(f"{self.console.style('FAILED', 'red')}   {stage_of_step(step)}")

    def _materialized(self, step: str, event) -> None:
        stage = stage_of_step(step)
        meta = _metadata(event.materialization)
        # a step over a range of partitions logs one materialization per partition, same metadata
        if step != DBT_STEP and (step, event.asset_key) in self._shown:
            return
        self._shown.add((step, event.asset_key))
        if step == DBT_STEP:
            if not self._dbt_live:
                self._dbt["models"] += 1
                self._dbt_tick()
        elif stage.startswith("ingest/") and stage != "ingest/audit":
            self.console.progress(ingest_line(stage.removeprefix("ingest/"), meta))
        elif stage == "voice" and "items" in meta:
            analysed = meta.get("items_analysed", meta["items"])
            kept = (
                f", {meta['items'] - analysed:,} kept from the last run" if analysed < meta["items"] else ""
            )
            self.console.progress(
                f"voice    {meta['items']:,} feedback items, {analysed:,} analysed ({meta['items_per_second']:,.0f}/s)"
                + kept
            )
        elif stage == "publish" and "tables" in meta:  # the serving file, not audit/runs of the same step
            self.console.progress(
                f"publish  {meta.get('tables')} tables, {meta.get('contract_rows', 0):,} contract rows "
                f"({meta.get('seconds')} s)"
            )
        elif stage == "report":
            self.console.progress(f"report   written ({meta.get('seconds')} s)")

    def _dbt_tick(self, final: bool = False) -> None:
        started = self._dbt["started"]
        seconds = self.console.elapsed() - started if started is not None else 0.0
        total = max(self.dbt_models_total, self._dbt["models"])
        text = dbt_line(self._dbt["models"], total, self._dbt["tests"], self._dbt["failed"], seconds)
        self.console.tick(text, final=final)

    def logger_defs(self) -> dict:
        """The run's Dagster loggers: one, feeding the log file and the progress lines."""
        import dagster as dg

        handler = _DagsterRecords(self)

        @dg.logger(description="journey run log: every event to the run's log file, progress to the console")
        def journey_run_log(_init_context) -> logging.Logger:
            log = logging.Logger("dagster", logging.DEBUG)
            log.addHandler(handler)
            return log

        return {"journey_run_log": journey_run_log}

    def log_exception(self, exc: BaseException) -> None:
        self.file_log.error("".join(traceback.format_exception(exc)).rstrip())


# --- what the run recorded -----------------------------------------------------------------------


def run_summary(
    result, first: date, last: date, seconds: float, log_path: Path, contract_tables
) -> RunSummary:
    """The summary of a run that published, read from its result: materialization metadata of the
    ingestion, publish and report steps and the asset check evaluations."""
    s = RunSummary(
        first=first, last=last, seconds=seconds, log_path=str(log_path), contract_tables=contract_tables
    )
    # a step over a range of partitions logs one materialization per partition with the same metadata
    last_of_step = {(e.step_key, e.asset_key): e for e in result.get_asset_materialization_events()}
    for event in last_of_step.values():
        stage = stage_of_step(event.step_key or "")
        meta = _metadata(event.materialization)
        if stage.startswith("ingest/") and "rows_read" in meta and stage != "ingest/audit":
            s.files_loaded += meta.get("files_ingested", 0) - meta.get("files_rejected", 0)
            s.files_rejected += meta.get("files_rejected", 0)
            s.files_unchanged += meta.get("files_unchanged", 0)
            s.rows_read += meta.get("rows_read", 0)
            s.rows_loaded += meta.get("rows_loaded", 0)
            s.rows_quarantined += meta.get("rows_quarantined", 0)
        elif stage == "publish" and "row_counts" in meta:  # the serving file, not audit/runs
            s.serving_path = meta.get("path")
            s.tables = dict(meta.get("row_counts") or {})
            s.late_events = meta.get("late_events_beyond_lookback", 0)
            s.late_event_files = meta.get("late_event_files", 0)
        elif stage == "report":
            s.report_path = meta.get("path")
    checks = Checks()
    for evaluation in result.get_asset_check_evaluations():
        # a great-expectations suite passes with failed warning-level expectations: warned
        warning_level = getattr(evaluation.metadata.get("failed_warning"), "value", 0)
        if evaluation.passed and warning_level:
            checks.warned.append(evaluation.check_name)
        elif evaluation.passed:
            checks.passed += 1
        elif evaluation.severity.value == "WARN":
            checks.warned.append(evaluation.check_name)
        else:
            checks.failed.append(evaluation.check_name)
    for unique_id, status in dbt_tests_observed(result.all_events).items():
        if status == "pass":
            checks.passed += 1
        elif status == "warn":
            checks.warned.append(unique_id.split(".")[-1])
        else:
            checks.failed.append(unique_id.split(".")[-1])
    s.checks = checks
    return s


def dbt_tests_observed(events) -> dict[str, str]:
    """dbt tests that dagster-dbt logs as observations, not as asset checks (singular tests on several
    models without an asset key in their meta): unique id -> status (pass, warn, fail, error)."""
    tests = {}
    for event in events:
        if event.event_type_value != "ASSET_OBSERVATION" or event.step_key != DBT_STEP:
            continue
        meta = _metadata(event.event_specific_data.asset_observation)
        unique_id = str(meta.get("unique_id", ""))
        if unique_id.startswith("test.") and "status" in meta:
            tests[unique_id] = str(meta["status"]).lower()
    return tests


def run_failure(result, seconds: float, log_path: Path) -> Failure:
    """The stage(s) that failed and the error of the first, from the run's step failure events."""
    failures = result.get_step_failure_events()
    published = any(
        e.event_type_value == "STEP_SUCCESS" and stage_of_step(e.step_key or "") == "publish"
        for e in result.all_events
    )
    if not failures:
        run_failed = [e for e in result.all_events if e.event_type_value == "RUN_FAILURE"]
        text = run_failed[-1].message if run_failed else "the run did not succeed (no step failed)"
        return Failure("run", text or "", str(log_path), seconds, published)
    stages = ", ".join(dict.fromkeys(stage_of_step(e.step_key or "") for e in failures))
    return Failure(stages, step_error(failures[0]), str(log_path), seconds, published)


def step_error(event) -> str:
    """The error of a failed step: a ``dg.Failure``'s description, else the innermost exception."""
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    error = data.error
    if error is None:
        return event.message or "unknown error"
    while error.cause is not None:
        error = error.cause
    return one_paragraph(error.message)
