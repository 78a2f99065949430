"""Plain helpers of the nightly operation (no Dagster here): the date an export file describes, the
one-writer lock on the warehouse directory, and the per-stage run records behind ``audit.runs``.

The lock is an advisory ``flock`` on ``<warehouse>/build/.writer.lock``. The kernel releases it when
the holding process ends, however it ends (SIGKILL included), so a crashed run never leaves a stale
lock. Dagster's run queue already keeps runs launched through the daemon or the UI apart; the lock
also serialises runs started any other way (``python -m pipeline.run`` twice, a cron entry, the
CLI). It is re-entrant within a process: a wrapper may hold it for a whole run while each step takes
it again.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

# 2026-08-03, 2026_08_03 or 20260803 in a file name (clickstream_2026-08-03.csv, events_20260803.json.gz)
_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def file_date(name: str) -> date | None:
    """The day an export file describes, from its name; None for files without one (snapshots)."""
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2026-02-30
        return None


# --- one writer ---------------------------------------------------------------------------------

_held: dict[str, list] = {}  # lock path -> [open file, depth]
_held_guard = threading.Lock()


@contextmanager
def writer_lock(warehouse_dir: Path, log=None, timeout_seconds: float | None = None):
    """Hold the warehouse's writer lock; waits (logging once) while another process holds it."""
    path = Path(warehouse_dir) / "build" / ".writer.lock"
    key = str(path)
    with _held_guard:
        entry = _held.get(key)
        if entry:
            entry[1] += 1
    if not entry:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")  # noqa: SIM115 - kept open while the lock is held
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if log is not None:
                log.info(f"another run holds {path}; waiting for it to finish")
            started = time.monotonic()
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if timeout_seconds is not None and time.monotonic() - started > timeout_seconds:
                        handle.close()
                        raise TimeoutError(f"{path} still held after {timeout_seconds:.0f}s") from None
                    time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat()}\n")
        handle.flush()
        with _held_guard:
            _held[key] = [handle, 1]
    try:
        yield
    finally:
        with _held_guard:
            entry = _held[key]
            entry[1] -= 1
            if entry[1] == 0:
                del _held[key]
                fcntl.flock(entry[0], fcntl.LOCK_UN)
                entry[0].close()


# --- run records ----------------------------------------------------------------------------------

RUNS_SCHEMA = {
    "run_id": pl.String,
    "partition_start": pl.Date,
    "partition_end": pl.Date,
    "stage": pl.String,
    "started_at": pl.Datetime("us", "UTC"),
    "finished_at": pl.Datetime("us", "UTC"),
    "seconds": pl.Float64,
    "rows_processed": pl.Int64,
    "outcome": pl.String,
    "detail": pl.String,
}


@dataclass
class StageRecord:
    run_id: str
    partition_start: date | None
    partition_end: date | None
    stage: str
    started_at: datetime
    finished_at: datetime | None = None
    seconds: float | None = None
    rows_processed: int | None = None
    outcome: str = "running"
    detail: str = ""


def run_log_dir(warehouse_dir: Path) -> Path:
    return Path(warehouse_dir) / "run_log"


def write_stage_record(warehouse_dir: Path, record: StageRecord) -> Path:
    """One small JSON file per run and stage, written atomically (a killed run leaves no partial one)."""
    folder = run_log_dir(warehouse_dir) / record.run_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{record.stage.replace('/', '__')}.json"
    tmp = folder / f".{target.name}.{uuid.uuid4().hex}.tmp"
    payload = {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in asdict(record).items()}
    tmp.write_text(json.dumps(payload), encoding="utf-8")
    os.replace(tmp, target)
    return target


@contextmanager
def recorded_stage(warehouse_dir: Path, run_id: str, stage: str, window: tuple[date, date] | None):
    """Times a stage and writes its record, also when it fails (then re-raises). The body sets
    ``record.rows_processed`` and may add ``record.detail``."""
    started = time.perf_counter()
    record = StageRecord(
        run_id=run_id,
        partition_start=window[0] if window else None,
        partition_end=window[1] if window else None,
        stage=stage,
        started_at=datetime.now(UTC),
    )
    try:
        yield record
        record.outcome = "success"
    except BaseException as exc:
        record.outcome = "failed"
        record.detail = f"{type(exc).__name__}: {exc}"[:1000]
        raise
    finally:
        record.finished_at = datetime.now(UTC)
        record.seconds = round(time.perf_counter() - started, 3)
        write_stage_record(warehouse_dir, record)


def stage_frame(record: StageRecord) -> pl.DataFrame:
    """One stage record as a row of ``audit.runs`` (the publish step's own, before it is on disk)."""
    return pl.DataFrame([asdict(record)], schema=RUNS_SCHEMA)


def load_run_records(warehouse_dir: Path) -> pl.DataFrame:
    """Every stage record of every run, as the rows of ``audit.runs``."""
    files = sorted(run_log_dir(warehouse_dir).glob("*/*.json"))
    rows = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    if not rows:
        return pl.DataFrame(schema=RUNS_SCHEMA)
    frame = pl.DataFrame(
        rows, schema={k: pl.String for k in RUNS_SCHEMA} | {"seconds": pl.Float64, "rows_processed": pl.Int64}
    )
    return frame.with_columns(
        pl.col("partition_start", "partition_end").str.to_date(),
        pl.col("started_at", "finished_at").str.to_datetime(time_zone="UTC", time_unit="us"),
    ).select(list(RUNS_SCHEMA))


# --- processes of runs ----------------------------------------------------------------------------


def process_identity(pid: int | None = None) -> str:
    """host:pid:start-time of a process (default: this one). The start time (clock ticks since boot,
    from /proc) tells a live run apart from a new process that happens to reuse a dead run's pid."""
    import socket

    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def _start_ticks(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "?"
    return stat.rsplit(")", 1)[1].split()[19]  # field 22 (starttime); the command name may hold spaces


def process_is_gone(identity: str) -> bool | None:
    """True when the process an identity names has ended; None when it ran on another host (cannot
    tell from here)."""
    import socket

    host, pid, ticks = identity.rsplit(":", 2)
    if host != socket.gethostname():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, another user's
    return ticks != "?" and _start_ticks(int(pid)) != ticks
