"""A night as an operator sees it, with real processes: runs of `python -m pipeline.run --date D`
killed with SIGKILL during ingestion, during dbt and during publishing leave the serving file intact
and at the previous night's data; afterwards two runs of the same night started together both
succeed (they queue on the writer lock) while a BI reader holds the serving file open, and the marts
they publish are identical to those of the full build (the same partition materialised again gives
the same contract tables, also after three crashes).

The tests run in file order and share one warehouse (a copy of the session's full build)."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.defs.serving.assets import CONTRACT_TABLES
from tests.checksums import table_checksums
from tests.conftest import PROJECT_ROOT, SAMPLE

pytestmark = pytest.mark.e2e

NIGHT = "2026-11-01"  # the sample's last day
CONTRACT = [f"marts.{t}" for t in CONTRACT_TABLES]
PUBLISHES = "select count(*) from audit.runs where stage = 'publish' and outcome = 'success'"


class Night:
    def __init__(self, warehouse: Path, dagster_home: Path):
        self.warehouse = warehouse
        self.serving = warehouse / "journeys.duckdb"
        self.env = {
            **os.environ,
            "JOURNEY_WAREHOUSE_DIR": str(warehouse),
            "JOURNEY_LANDING_DIR": str(SAMPLE),
            "DAGSTER_HOME": str(dagster_home),
            "PYTHONPATH": str(PROJECT_ROOT),
        }
        self.env.pop("JOURNEY_AS_OF", None)
        self.env.pop("JOURNEY_PARQUET_EXPORT", None)
        self.checksums = table_checksums(self.serving, CONTRACT)
        self.publishes = self.count(PUBLISHES)

    def count(self, sql: str) -> int:
        with duckdb.connect(str(self.serving), read_only=True) as con:
            return con.sql(sql).fetchall()[0][0]

    def start(self, log=None) -> subprocess.Popen:
        """A run of the night; its log to ``log`` (an open file) or to a pipe the caller drains."""
        return subprocess.Popen(
            # --verbose: the full Dagster log on the console, which kill_when watches for its markers
            [sys.executable, "-m", "pipeline.run", "--date", NIGHT, "--verbose"],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log or subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: dbt's process dies with it
        )

    def kill_when(self, marker: str, then=None) -> str:
        """Start a run, SIGKILL its process group once ``marker`` appears in its log (and after
        ``then()``, if given, returned); return the log up to the kill. The log is drained by a
        thread, so the run never stalls on a full pipe while the test waits."""
        proc = self.start()
        seen, found = [], threading.Event()

        def drain():
            for line in proc.stdout:
                seen.append(line)
                if marker in line:
                    found.set()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        deadline = time.monotonic() + 600
        try:
            while not found.wait(0.05):
                if time.monotonic() > deadline:
                    pytest.fail(f"no {marker!r} within 600 s:\n{''.join(seen[-30:])}")
                if proc.poll() is not None:
                    reader.join(timeout=5)
                    pytest.fail(f"the run ended before {marker!r}:\n{''.join(seen[-30:])}")
            if then is not None:
                then()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL, "".join(seen[-30:])
        return "".join(seen)

    def assert_previous_night(self):
        """The serving file opens and holds exactly the previous night: same contract tables and rows,
        no new publish recorded."""
        assert self.count(PUBLISHES) == self.publishes
        assert table_checksums(self.serving, CONTRACT) == self.checksums


@pytest.fixture(scope="module")
def night(built_warehouse, tmp_path_factory) -> Night:
    root = tmp_path_factory.mktemp("night")
    warehouse = root / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("parquet"))
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    return Night(warehouse, home)


def test_sigkill_during_ingestion_leaves_the_serving_file_intact(night):
    # forget the night's export so the killed run has a file to ingest
    for leftover in night.warehouse.glob(f"raw/**/clickstream_{NIGHT}.parquet"):
        leftover.unlink()
    night.kill_when('STEP_START - Started execution of step "raw__web_events"')
    night.assert_previous_night()


def test_sigkill_during_dbt_leaves_the_serving_file_intact(night):
    night.kill_when("Running dbt command", then=lambda: time.sleep(2.0))
    night.assert_previous_night()


def test_sigkill_while_publishing_leaves_the_serving_file_intact(night):
    tmp = night.serving.with_name(f".{night.serving.name}.publishing")
    caught = threading.Event()

    def wait_for_the_new_file():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if tmp.exists() and tmp.stat().st_size > 0:
                caught.set()
                return
            time.sleep(0.001)

    night.kill_when('Started execution of step "serving__journeys_duckdb"', then=wait_for_the_new_file)
    assert caught.is_set(), "the run was killed before it started writing the new serving file"
    assert tmp.exists()  # the half-written file is left behind: the next run must cope with it
    night.assert_previous_night()


READER = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
sql = sys.argv[2]
print(con.sql(sql).fetchall()[0][0], flush=True)
sys.stdin.readline()  # hold the file open until the test says so
print(con.sql(sql).fetchall()[0][0], flush=True)
"""


def test_two_runs_started_together_while_a_reader_holds_the_file_both_succeed(night, tmp_path):
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(night.serving), PUBLISHES],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert int(reader.stdout.readline()) == night.publishes
        # logs to files: a run must never stall on a pipe nobody reads while the other waits for it
        paths = [tmp_path / "run_a.log", tmp_path / "run_b.log"]
        handles = [path.open("w") for path in paths]
        runs = [night.start(handle) for handle in handles]
        for proc in runs:
            proc.wait(timeout=900)
        for handle in handles:
            handle.close()
        logs = [path.read_text() for path in paths]
        for proc, log in zip(runs, logs, strict=True):
            assert proc.returncode == 0, log[-3000:]
        assert any("waiting for it to finish" in log for log in logs)  # one queued behind the other
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == night.publishes  # its open connection: the old night
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0

    # reconnecting shows both new publishes; the crashed runs left no publish and no leftovers
    assert night.count(PUBLISHES) == night.publishes + 2
    assert not night.serving.with_name(f".{night.serving.name}.publishing").exists()
    # the same partition materialised twice more, after three crashes: identical contract tables
    assert table_checksums(night.serving, CONTRACT) == night.checksums

    with duckdb.connect(str(night.serving), read_only=True) as con:
        runs = con.sql(f"""
            select run_id, min(started_at) as started, max(finished_at) as finished,
                   count(*) as stages, bool_and(outcome = 'success') as ok,
                   any_value(partition_start) as first_day, any_value(partition_end) as last_day
            from audit.runs
            where run_id in (select run_id from audit.runs where stage = 'publish')
              and partition_start = date '{NIGHT}'
            group by run_id order by started
        """).pl()
    assert len(runs) == 2 and runs["ok"].all()
    assert str(runs["first_day"][0]) == NIGHT and str(runs["last_day"][0]) == NIGHT
    assert runs["finished"][0] <= runs["started"][1]  # one after the other, never interleaved
    # five ingestions, voice, dbt (scoring included), publish; the report follows the publish
    assert runs["stages"].min() >= 8


def test_the_killed_runs_were_recovered_in_the_dagster_instance(night):
    """Each killed run held the DuckDB pool slot or was STARTED when it died; the next run marked it
    failed and freed its slot (otherwise the runs above would have waited for the pool forever)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(night.env["DAGSTER_HOME"]) as instance:
        runs = [r.dagster_run for r in instance.get_run_records()]
        assert sorted(r.status.value for r in runs) == ["FAILURE"] * 3 + ["SUCCESS"] * 2
        assert instance.event_log_storage.get_concurrency_run_ids() == set()
        for run in runs:
            if run.status == dg.DagsterRunStatus.FAILURE:
                (failure,) = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
                assert "ended without finishing the run" in failure.message
