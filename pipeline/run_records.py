"""The per-stage run records behind ``audit.runs``: one small JSON file per run and stage under
``<warehouse>/run_log/<run id>/``, written when the stage ends, also when it fails."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from pipeline.atomic import write_text

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
    payload = {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in asdict(record).items()}
    return write_text(target, json.dumps(payload))


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


def closed_stage_frame(record: StageRecord) -> pl.DataFrame:
    """A running stage's record closed now (success, finished now, seconds since it started), as a row
    of ``audit.runs``: the publish step's own, written into the file it publishes before the step ends
    (``recorded_stage`` then writes the record to disk with the step's final time)."""
    record.outcome = "success"
    record.finished_at = datetime.now(UTC)
    record.seconds = round((record.finished_at - record.started_at).total_seconds(), 3)
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
