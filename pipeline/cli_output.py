"""What `python -m pipeline.run` prints: progress lines, warnings once, the closing summary and the
failure paragraph. Plain Python (no Dagster): the run's wiring (pipeline/run_console.py) turns Dagster
events and the pipeline's own records into the small data classes below, this module turns them into
lines. Every number printed here was recorded by the pipeline (asset metadata, check evaluations, run
records); nothing is recomputed.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
# a Python warning as printed by warnings.showwarning, e.g. from the dbt process's Python models:
# "/path/pipeline/config.py:69: UserWarning: JOURNEY_PII_KEY is not set: …"
WARNING_LINE = re.compile(
    r"^(?P<file>\S.*?):(?P<line>\d+): (?P<category>[A-Za-z_]*Warning): (?P<message>.*)$"
)

# the debug record the dbt asset logs while dbt runs, with the running totals of finished dbt nodes (its
# events reach Dagster only when dbt exits): the live "models done / total" line reads these
DBT_PROGRESS = "dbt nodes finished:"
_PROGRESS = re.compile(rf"{DBT_PROGRESS} (\d+) models, (\d+) tests, (\d+) failed")


def progress_message(models: int, tests: int, failed: int) -> str:
    return f"{DBT_PROGRESS} {models} models, {tests} tests, {failed} failed"


def parse_progress(message: str) -> tuple[int, int, int] | None:
    """(models, tests, failed) of a progress_message, or None for any other message."""
    found = _PROGRESS.match(message)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


QUARANTINE_SQL = "select source_file, row_number, reason from audit.quarantined_rows order by 1, 2"


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def one_paragraph(text: str, limit: int = 1500) -> str:
    """An error as one paragraph: colour codes and line breaks gone, blanks collapsed, cut at ``limit``."""
    flat = " ".join(strip_ansi(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def thousands(n: int | float | None) -> str:
    return "?" if n is None else f"{n:,.0f}"


def per_second(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "–"


def duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def is_library_file(path: str) -> bool:
    """A warning raised inside an installed package (site-packages), not by the project's code."""
    return "site-packages" in path or "dist-packages" in path


_NAMES = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\d+")


def warning_kind(message: str) -> str:
    """A warning's text with quoted names and numbers blanked: warnings that differ only in the name
    they mention (one per dbt test, per file) are of one kind."""
    return _NAMES.sub("…", " ".join(message.split()))


class WarningsOnce:
    """Remembers the warnings shown: a warning is shown once per run, however often and from wherever
    it is raised (also from the dbt process); of several that differ only in a quoted name or a number
    the first is shown and the others are counted (the log has each)."""

    def __init__(self):
        self._seen: dict[tuple[str, str], int] = {}
        self._texts: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def first_time(self, category: str, message: str) -> bool:
        key = (category, warning_kind(message))
        with self._lock:
            self._texts.add((category, " ".join(message.split())))
            self._seen[key] = self._seen.get(key, 0) + 1
            return self._seen[key] == 1

    @property
    def shown(self) -> int:
        """Warnings shown on the console (one per kind)."""
        return len(self._seen)

    @property
    def similar_not_shown(self) -> int:
        """Distinct warnings not shown because one of their kind was."""
        return len(self._texts) - len(self._seen)


def warning_text(category: str, message: str) -> str:
    message = " ".join(message.split())
    return f"warning: {message}" if category in ("UserWarning", "") else f"warning: {category}: {message}"


# --- the console ----------------------------------------------------------------------------------


class Console:
    """The person's view of the run: progress (stdout), warnings and errors (stderr). ``quiet`` keeps
    only warnings, errors and the summary. On a terminal the dbt progress line is rewritten in place
    and OK / FAILED are coloured; elsewhere (a pipe, a file, cron) there is no colour code and the dbt
    line is repeated at most every ``tick_seconds``."""

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        *,
        quiet: bool = False,
        tty: bool | None = None,
        tick_seconds: float = 15,
    ):
        self.out, self.err, self.quiet = out, err, quiet
        self.tty = out.isatty() if tty is None else tty
        self.tick_seconds = tick_seconds
        self.started = time.monotonic()
        self.warnings = WarningsOnce()
        self._pending_tick = False  # a rewritten-in-place line is on the terminal
        self._last_tick = float("-inf")
        self._lock = threading.RLock()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def style(self, text: str, colour: str) -> str:
        codes = {"green": "32", "red": "31", "yellow": "33", "bold": "1"}
        return f"\x1b[{codes[colour]}m{text}\x1b[0m" if self.tty else text

    def _end_tick(self) -> None:
        if self._pending_tick:
            self.out.write("\n")
            self._pending_tick = False

    def line(self, text: str = "") -> None:
        """A line of the summary (shown also with --quiet)."""
        with self._lock:
            self._end_tick()
            self.out.write(text + "\n")
            self.out.flush()

    def progress(self, text: str) -> None:
        if self.quiet:
            return
        self.line(f"[{duration(self.elapsed()):>8}] {text}")

    def tick(self, text: str, final: bool = False) -> None:
        """A progress line that updates (dbt models done/total): in place on a terminal, else at most
        every ``tick_seconds`` and once at the end."""
        if self.quiet:
            return
        with self._lock:
            now = time.monotonic()
            stamped = f"[{duration(self.elapsed()):>8}] {text}"
            if self.tty:
                self.out.write("\r\x1b[2K" + stamped)
                self._pending_tick = True
                if final:
                    self._end_tick()
                self.out.flush()
            elif final or now - self._last_tick >= self.tick_seconds:
                self.line(stamped)
                self._last_tick = now

    def warning(self, category: str, message: str) -> None:
        if not self.warnings.first_time(category, message):
            return
        self.error(self.style(warning_text(category, message), "yellow"))

    def error(self, text: str) -> None:
        with self._lock:
            self._end_tick()
            self.out.flush()
            self.err.write(text + "\n")
            self.err.flush()


# --- progress lines -------------------------------------------------------------------------------


def ingest_line(table: str, meta: dict) -> str:
    """One ingestion step, from its materialization metadata (files, rows, quarantine, rate)."""
    files = meta.get("files_ingested", 0)
    line = (
        f"ingest   {table:<14}{files:>5} {'file' if files == 1 else 'files':<5} "
        f"{thousands(meta.get('rows_read')):>10} rows read, {thousands(meta.get('rows_quarantined'))} quarantined"
        f"  ({thousands(meta.get('rows_per_second'))} rows/s)"
    )
    extra = []
    if meta.get("files_unchanged"):
        extra.append(f"{meta['files_unchanged']} unchanged")
    if meta.get("files_rejected"):
        extra.append(f"{meta['files_rejected']} REJECTED")
    if meta.get("files_left_for_later_partitions"):
        extra.append(f"{meta['files_left_for_later_partitions']} left for later nights")
    return line + (f"; {', '.join(extra)}" if extra else "")


def dbt_line(models_done: int, models_total: int, tests_done: int, tests_failed: int, seconds: float) -> str:
    tests = f", {tests_done} tests" + (f" ({tests_failed} failed)" if tests_failed else "")
    return (
        f"dbt      {models_done}/{models_total} models and seeds{tests}"
        f"  ({models_done / seconds if seconds > 0 else 0:.1f} models/s)"
    )


# --- the summary ----------------------------------------------------------------------------------


@dataclass
class Checks:
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)


@dataclass
class RunSummary:
    first: date
    last: date
    seconds: float
    log_path: str
    files_loaded: int = 0
    files_unchanged: int = 0
    files_rejected: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    late_events: int = 0  # more than the lookback late (audit.late_events, read by the publish step)
    late_event_files: int = 0
    checks: Checks = field(default_factory=Checks)
    tables: dict[str, int] = field(default_factory=dict)  # "marts.dim_journeys" -> rows published
    contract_tables: tuple[str, ...] = ()
    serving_path: str | None = None
    report_path: str | None = None
    warnings_shown: int = 0
    warnings_similar: int = 0  # not shown: of the same kind as one shown


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def summary_lines(s: RunSummary) -> list[str]:
    """The closing summary of a run that published: where things are and what happened."""
    days = (s.last - s.first).days + 1
    lines = [
        "── summary " + "─" * 60,
        f"days       {s.first} … {s.last} ({days} day{'s' if days != 1 else ''})",
        f"files      {s.files_loaded} loaded, {s.files_rejected} rejected, {s.files_unchanged} unchanged "
        "(already loaded)",
        f"rows       {thousands(s.rows_read)} read: {thousands(s.rows_loaded)} loaded, "
        f"{thousands(s.rows_quarantined)} quarantined",
    ]
    if s.rows_quarantined and s.serving_path:
        lines.append(f'           see them: duckdb -readonly {s.serving_path} "{QUARANTINE_SQL}"')
    if s.late_events:
        files = f"{s.late_event_files} file{'s' if s.late_event_files != 1 else ''}"
        lines.append(
            f"late       {thousands(s.late_events)} events older than the lookback in {files}: their days "
            "restated (audit.late_events)"
        )
    checks = (
        f"checks     {s.checks.passed} passed, {len(s.checks.failed)} failed, {len(s.checks.warned)} warned"
    )
    if s.checks.failed:
        checks += f" — failed: {_names(s.checks.failed)}"
    if s.checks.warned:
        checks += f" — warned: {_names(s.checks.warned)}"
    lines.append(checks)
    contract = [t for t in s.tables if t.split(".", 1)[-1] in s.contract_tables]
    others = len(s.tables) - len(contract)
    lines.append(
        f"published  {len(s.tables)} tables ({len(contract)} contract tables, rows below; {others} more)"
    )
    cells = [f"{t.split('.', 1)[-1]} {thousands(s.tables[t])}" for t in contract]
    width = max((len(c) for c in cells), default=0) + 2
    for i in range(0, len(cells), 3):
        lines.append("           " + "".join(c.ljust(width) for c in cells[i : i + 3]).rstrip())
    lines += [
        f"serving    {s.serving_path or '-'}",
        f"report     {s.report_path or '-'}",
        f"log        {s.log_path}",
    ]
    if s.warnings_shown:
        similar = f"; {s.warnings_similar} more of the same kind in the log" if s.warnings_similar else ""
        lines.append(f"warnings   {s.warnings_shown} (shown above{similar})")
    lines.append(f"duration   {duration(s.seconds)}")
    return lines


@dataclass
class Failure:
    stage: str
    error: str
    log_path: str
    seconds: float
    published: bool = False  # the publish step succeeded before the failure (the report failed)


def failure_lines(f: Failure) -> list[str]:
    """A failed run: the stage, the error in one paragraph, where the full log is."""
    served = (
        "the serving file was published, the report was not written"
        if f.published
        else "nothing was published (the serving file is the previous night's)"
    )
    return [
        f"FAILED in stage {f.stage} after {duration(f.seconds)}; {served}",
        f"error: {one_paragraph(f.error)}",
        f"full log: {f.log_path}",
    ]


STAGES = {
    "journey_dbt_models": "dbt",
    "serving__journeys_duckdb": "publish",
    "serving__journey_report": "report",
    "feedback_voice": "voice",
    "ingestion_audit": "ingest/audit",
}
_CHECK_STEP = re.compile(r"^raw__.+?_(?P<check>(great_expectations|every)_.+)$")


def stage_of_step(step_key: str) -> str:
    """The stage a Dagster step key stands for, named as in audit.runs: raw__web_events ->
    ingest/web_events, journey_dbt_models -> dbt, a raw zone check -> check/<check name>."""
    if match := _CHECK_STEP.match(step_key):
        return f"check/{match['check']}"
    if step_key.startswith("raw__"):
        return "ingest/" + step_key.removeprefix("raw__")
    return STAGES.get(step_key, step_key)
