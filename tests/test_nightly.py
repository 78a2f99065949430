"""The plain helpers of the nightly operation: file dates, the partition window of ingestion, the
one-writer lock (across processes, surviving SIGKILL) and the stage records behind audit.runs."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest.file_dates import file_date
from pipeline.ingest.zone import in_window
from pipeline.process_identity import process_identity, process_is_gone
from pipeline.run_records import load_run_records, recorded_stage
from pipeline.writer_lock import writer_lock


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clickstream_2026-08-03.csv", date(2026, 8, 3)),
        ("events_20260803.json.gz", date(2026, 8, 3)),
        ("export_2026_08_03.csv", date(2026, 8, 3)),
        ("clickstream_2026-02-30.csv", None),  # not a day
        ("clickstream_2026-13-01.csv", None),
        ("orders.csv", None),
        ("customers_v12345678.csv", None),  # digits, but no plausible date
        ("clickstream_broken_row.csv", None),
    ],
)
def test_file_date(name, expected):
    assert file_date(name) == expected


def test_a_run_window_reads_its_days_and_the_lookback_before_them():
    window = (date(2026, 8, 10), date(2026, 8, 12))
    assert in_window(Path("clickstream_2026-08-12.csv"), window, 3) is True
    assert in_window(Path("clickstream_2026-08-07.csv"), window, 3) is True  # 3 days before the window
    assert in_window(Path("clickstream_2026-08-06.csv"), window, 3) is None  # its own night reads it
    assert in_window(Path("clickstream_2026-08-13.csv"), window, 3) is False  # a later night's
    assert in_window(Path("clickstream_broken_row.csv"), window, 3) is True  # undated: always
    assert in_window(Path("clickstream_2026-08-13.csv"), None, 3) is True  # no window: everything


HOLDER = """
import sys, time
from pathlib import Path
from pipeline.writer_lock import writer_lock
with writer_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(600)
"""


def _holder(warehouse: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_the_writer_lock_waits_for_another_process_and_dies_with_it(tmp_path):
    holder = _holder(tmp_path)
    try:
        with pytest.raises(TimeoutError), writer_lock(tmp_path, timeout_seconds=0.5):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)  # a crashed run: the kernel releases its lock
        holder.wait()
    started = time.monotonic()
    with writer_lock(tmp_path, timeout_seconds=5):
        pass
    assert time.monotonic() - started < 5  # no stale lock to clean up by hand


def test_the_writer_lock_is_reentrant_within_a_process(tmp_path):
    with writer_lock(tmp_path, timeout_seconds=1), writer_lock(tmp_path, timeout_seconds=1):
        pass
    holder = _holder(tmp_path)  # released completely afterwards: another process can take it
    holder.send_signal(signal.SIGKILL)
    holder.wait()


def test_stage_records_are_written_for_success_and_failure(tmp_path):
    window = (date(2026, 8, 1), date(2026, 8, 2))
    with recorded_stage(tmp_path, "run-1", "ingest/web_events", window) as record:
        record.rows_processed = 42
    with pytest.raises(ValueError), recorded_stage(tmp_path, "run-1", "dbt/x", window):
        raise ValueError("model broke")
    runs = load_run_records(tmp_path).sort("stage")
    assert runs["stage"].to_list() == ["dbt/x", "ingest/web_events"]
    assert runs["outcome"].to_list() == ["failed", "success"]
    assert runs["rows_processed"].to_list() == [None, 42]
    assert runs["detail"][0] == "ValueError: model broke"
    assert runs["partition_start"].to_list() == [date(2026, 8, 1)] * 2
    assert (runs["finished_at"] >= runs["started_at"]).all()
    assert load_run_records(tmp_path / "nothing").is_empty()


def test_a_killed_process_is_recognised_as_gone():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    identity = process_identity(proc.pid)
    assert process_is_gone(identity) is False
    assert process_is_gone(process_identity()) is False  # this process
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert process_is_gone(identity) is True
    host, pid, ticks = identity.rsplit(":", 2)
    assert process_is_gone(f"{host}:{os.getpid()}:{ticks}") is True  # a live pid, but another process
    assert process_is_gone(f"elsewhere.example:{pid}:{ticks}") is None
