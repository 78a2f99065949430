"""The raw zone: typed Parquet per landing file, plus the audit Parquet that dbt exposes as schema audit.

Layout under ``JOURNEY_WAREHOUSE_DIR/raw``::

    <table>/<file>.parquet                      rows loaded from one landing file
    _audit/quarantine/<table>/<file>.parquet    rows quarantined from it, with reasons
    _audit/ingestion_log/<table>/<file>.parquet one row: counts, sha256, status, timings

Every write goes to a temporary file first and is moved into place with ``os.replace``, so a crash
never leaves a half-written Parquet file; re-ingesting a file replaces its three files together.

The landing directory is a boundary: a table's folder must be a real directory in it, and an entry
that is a symbolic link or not a regular file (FIFO, socket, device) is rejected by its name alone —
never opened, never followed.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from pipeline import atomic
from pipeline.config import IngestLimits
from pipeline.ingest.file_dates import file_date
from pipeline.ingest.files import (
    NOT_ACCEPTED,
    FileRejected,
    FileResult,
    ingest_file,
    not_a_regular_file,
    rejected_result,
    sha256_of,
)
from pipeline.ingest.mappings import load_mappings, mapping_for
from pipeline.ingest.specs import TableSpec
from pipeline.ingest.suites import Suite

LOG_SCHEMA = {
    "table_name": pl.String,
    "source_file": pl.String,
    "sha256": pl.String,
    "status": pl.String,
    "message": pl.String,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_quarantined": pl.Int64,
    "encoding": pl.String,
    "separator": pl.String,
    "extra_columns": pl.String,
    "started_at": pl.Datetime("us", "UTC"),
    "seconds": pl.Float64,
}


def _write_parquet(frame: pl.DataFrame, target: Path) -> None:
    atomic.write_parquet(frame, target, compression="zstd", statistics=True)


def _stem(path: Path) -> str:
    """The name a landing file's Parquet files are stored under: the file name without ``.gz`` (a
    compressed re-delivery replaces the plain one; ``x.csv`` and ``x.jsonl`` stay apart)."""
    return path.name.removesuffix(".gz")


@dataclass
class TableIngestion:
    table: str
    results: list[FileResult]
    unchanged: list[str]
    deferred: list[str] = field(default_factory=list)  # dated after the run's window: a later night's

    @property
    def rejected(self) -> list[FileResult]:
        """Files that loaded nothing: rejected, or every row quarantined."""
        return [r for r in self.results if r.status in NOT_ACCEPTED]


def landing_entries(
    spec: TableSpec, landing_dir: Path, mappings: dict | None = None
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The table's entries by name (its default patterns plus the file patterns of its mapping
    presets): (regular files, refused entries with the reason). Decided with lstat, nothing is opened:
    a symbolic link (to a file or a directory, inside or outside the landing directory) or a FIFO,
    socket or device file is refused; so is a table folder that is a symbolic link. A plain
    sub-directory is ignored as before."""
    folder = landing_dir / spec.folder
    patterns = {
        p.lower()
        for p in set(spec.patterns) | {p for m in (mappings or {}).get(spec.table, []) for p in m.files}
    }
    try:
        folder_mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return [], []
    if stat.S_ISLNK(folder_mode):
        return [], [
            (
                folder,
                f"{spec.folder}/: the folder is a symbolic link (to {os.readlink(folder)}); links in the "
                "landing directory are not followed — make it a real directory, or point "
                "JOURNEY_LANDING_DIR elsewhere",
            )
        ]
    if not stat.S_ISDIR(folder_mode):
        return [], []
    files, refused = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not any(fnmatch.fnmatch(entry.name.lower(), pat) for pat in patterns):
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            path = folder / entry.name
            if stat.S_ISREG(mode):
                files.append(path)
            elif not stat.S_ISDIR(mode):
                refused.append((path, not_a_regular_file(path, mode)))
    return sorted(files), sorted(refused)


def landing_files(spec: TableSpec, landing_dir: Path, mappings: dict | None = None) -> list[Path]:
    """The table's regular files (see landing_entries; links and special files are left out)."""
    return landing_entries(spec, landing_dir, mappings)[0]


def previous_sha(raw_dir: Path, table: str, path: Path) -> str | None:
    log = raw_dir / "_audit" / "ingestion_log" / table / f"{_stem(path)}.parquet"
    if not log.exists():
        return None
    return pl.read_parquet(log, columns=["sha256"])["sha256"][0]


def write_result(result: FileResult, raw_dir: Path, started_at: datetime) -> None:
    stem = _stem(result.path)
    table = result.table
    if result.status != "rejected":
        loaded = result.loaded.with_columns(
            pl.lit(result.path.name).alias("_source_file"),
            pl.lit(result.sha256).alias("_file_sha256"),
            pl.lit(started_at).alias("_ingested_at"),
        )
        _write_parquet(loaded, raw_dir / table / f"{stem}.parquet")
    else:  # a rejected re-delivery removes what an earlier version of the file loaded
        (raw_dir / table / f"{stem}.parquet").unlink(missing_ok=True)
    _write_parquet(result.quarantined, raw_dir / "_audit" / "quarantine" / table / f"{stem}.parquet")
    log = pl.DataFrame(
        [
            {
                "table_name": table,
                "source_file": result.path.name,
                "sha256": result.sha256,
                "status": result.status,
                "message": result.message,
                "rows_read": result.rows_read,
                "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined,
                "encoding": result.encoding,
                "separator": result.separator,
                "extra_columns": ",".join(result.extra_columns),
                "started_at": started_at,
                "seconds": result.seconds,
            }
        ],
        schema=LOG_SCHEMA,
    )
    # the log is written last: a file whose log exists was fully written
    _write_parquet(log, raw_dir / "_audit" / "ingestion_log" / table / f"{stem}.parquet")


def in_window(path: Path, window: tuple[date, date] | None, lookback_days: int) -> bool | None:
    """Whether a daily export file belongs to a run over ``window`` (first, last day): dated within it
    or within the lookback days before it, or undated. False for a file dated after the window (a later
    night's), None for one dated before the lookback (its own partition's run reads it)."""
    day = file_date(path.name)
    if window is None or day is None:
        return True
    if day > window[1]:
        return False
    return True if day >= window[0] - timedelta(days=lookback_days) else None


def ingest_table(
    spec: TableSpec,
    suite: Suite,
    landing_dir: Path,
    raw_dir: Path,
    pii_key: bytes,
    force: bool = False,
    window: tuple[date, date] | None = None,
    lookback_days: int = 0,
    limits: IngestLimits | None = None,
    mappings_dir: Path | None = None,
    source_tz: str | None = None,
) -> TableIngestion:
    """Ingest every new or changed landing file of one table (unchanged files are skipped by sha256).
    For a table of daily files and a run ``window``, only the files of the window (and its lookback
    days) are considered; files dated after it are left for their night. Links and special files are
    rejected unread; whatever goes wrong reading one file rejects that file, never the table."""
    results, unchanged, deferred = [], [], []
    mappings = load_mappings(mappings_dir)
    # source_tz (Settings.source_tz, from JOURNEY_SOURCE_TZ_<TABLE>, e.g. JOURNEY_SOURCE_TZ_CRM_ORDERS=
    # Europe/Vienna) sets the time zone of naive timestamps for this table; it wins over the spec's
    # default and over a mapping preset's
    tz_override = source_tz
    if tz_override:
        spec = replace(spec, source_tz=tz_override)
    files, refused = landing_entries(spec, landing_dir, mappings)
    entries = sorted([(p, None) for p in files] + refused)
    for path, refusal in entries:
        if spec.daily_files:
            belongs = in_window(path, window, lookback_days)
            if belongs is False:
                deferred.append(path.name)
            if not belongs:
                continue
        if refusal is None and not force:
            try:
                if previous_sha(raw_dir, spec.table, path) == sha256_of(path):
                    unchanged.append(path.name)
                    continue
            except FileRejected as exc:  # replaced by a link or a FIFO since it was listed
                refusal = str(exc)
        started = datetime.now(UTC)
        if refusal is not None:
            result = rejected_result(spec.table, path, refusal)
        else:
            mapping = mapping_for(path, spec.table, mappings)
            if mapping is not None and tz_override:
                mapping = replace(mapping, source_tz=None)
            result = ingest_file(path, spec, suite, pii_key, now=started, mapping=mapping, limits=limits)
        write_result(result, raw_dir, started)
        result.release_loaded()  # written: only its counts and quarantine are needed from here on
        results.append(result)
    return TableIngestion(spec.table, results, unchanged, deferred)
