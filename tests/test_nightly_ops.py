"""A night as an operator sees it, with real processes: runs of `python -m pipeline.run --date D`
killed with SIGKILL during ingestion, during dbt and during publishing leave the serving file intact
and at the previous night's data; afterwards two runs of the same night started together both
succeed (they queue on the writer lock) while a BI reader holds the serving file open, and the marts
they publish are identical to those of the full build (the same partition materialised again gives
the same contract tables, also after three crashes).

The night is one story: the module fixture plays it once on a copy of the session's full build and
records what an operator would look at after each step; the tests only read that record, so each
passes or fails the same alone, in any order (`pytest --reverse tests/test_nightly_ops.py`)."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
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

    def state(self) -> tuple[int, dict[str, str]]:
        """What the serving file holds now: the number of publishes and the contract tables' checksums."""
        return self.count(PUBLISHES), table_checksums(self.serving, CONTRACT)


@dataclass
class Story:
    """What was seen after each step of the night (filled in by the fixture, read by the tests)."""

    night: Night
    after_kill: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    publishing_file_caught: bool = False
    publishing_file_left: bool = False
    reader_before: int | None = None
    reader_during: int | None = None
    reader_exit: int | None = None
    exits: list[int] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    after_runs: tuple[int, dict[str, str]] | None = None
    publishing_file_after_runs: bool = True
    runs: pl.DataFrame | None = None


def _kill_during_ingestion(night: Night) -> None:
    # forget the night's export so the killed run has a file to ingest
    for leftover in night.warehouse.glob(f"raw/**/clickstream_{NIGHT}.parquet"):
        leftover.unlink()
    night.kill_when('STEP_START - Started execution of step "raw__web_events"')


def _kill_during_dbt(night: Night) -> None:
    night.kill_when("Running dbt command", then=lambda: time.sleep(2.0))


def _kill_while_publishing(night: Night, story: Story) -> None:
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
    story.publishing_file_caught = caught.is_set()
    story.publishing_file_left = tmp.exists()  # the next run must cope with the half-written file


READER = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
sql = sys.argv[2]
print(con.sql(sql).fetchall()[0][0], flush=True)
sys.stdin.readline()  # hold the file open until the test says so
print(con.sql(sql).fetchall()[0][0], flush=True)
"""


def _two_runs_while_a_reader_holds_the_file(night: Night, story: Story, logs_dir: Path) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(night.serving), PUBLISHES],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        story.reader_before = int(reader.stdout.readline())
        # logs to files: a run must never stall on a pipe nobody reads while the other waits for it
        paths = [logs_dir / "run_a.log", logs_dir / "run_b.log"]
        handles = [path.open("w") for path in paths]
        runs = [night.start(handle) for handle in handles]
        for proc in runs:
            proc.wait(timeout=900)
        for handle in handles:
            handle.close()
        story.logs = [path.read_text() for path in paths]
        story.exits = [proc.returncode for proc in runs]
        reader.stdin.write("go\n")
        reader.stdin.flush()
        story.reader_during = int(reader.stdout.readline())  # its open connection: the old night
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    story.reader_exit = reader.returncode
    # reconnecting: what the two runs published
    story.after_runs = night.state()
    story.publishing_file_after_runs = night.serving.with_name(f".{night.serving.name}.publishing").exists()
    with duckdb.connect(str(night.serving), read_only=True) as con:
        story.runs = con.sql(f"""
            select run_id, min(started_at) as started, max(finished_at) as finished,
                   count(*) as stages, bool_and(outcome = 'success') as ok,
                   any_value(partition_start) as first_day, any_value(partition_end) as last_day
            from audit.runs
            where run_id in (select run_id from audit.runs where stage = 'publish')
              and partition_start = date '{NIGHT}'
            group by run_id order by started
        """).pl()


@pytest.fixture(scope="module")
def story(built_warehouse, tmp_path_factory) -> Story:
    """The night played once: three runs killed (ingestion, dbt, publishing), then two runs together
    while a reader holds the serving file; the state of the serving file recorded after each kill."""
    root = tmp_path_factory.mktemp("night")
    warehouse = root / "warehouse"
    shutil.copytree(built_warehouse, warehouse, ignore=shutil.ignore_patterns("parquet"))
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    night = Night(warehouse, home)
    story = Story(night)
    _kill_during_ingestion(night)
    story.after_kill["ingestion"] = night.state()
    _kill_during_dbt(night)
    story.after_kill["dbt"] = night.state()
    _kill_while_publishing(night, story)
    story.after_kill["publishing"] = night.state()
    _two_runs_while_a_reader_holds_the_file(night, story, root)
    return story


def _assert_previous_night(story: Story, stage: str) -> None:
    """The serving file opens and holds exactly the previous night: same contract tables and rows,
    no new publish recorded."""
    publishes, checksums = story.after_kill[stage]
    assert publishes == story.night.publishes
    assert checksums == story.night.checksums


def test_sigkill_during_ingestion_leaves_the_serving_file_intact(story):
    _assert_previous_night(story, "ingestion")


def test_sigkill_during_dbt_leaves_the_serving_file_intact(story):
    _assert_previous_night(story, "dbt")


def test_sigkill_while_publishing_leaves_the_serving_file_intact(story):
    assert story.publishing_file_caught, "the run was killed before it started writing the new serving file"
    assert story.publishing_file_left  # the half-written file is left behind: the next run must cope with it
    _assert_previous_night(story, "publishing")


def test_two_runs_started_together_while_a_reader_holds_the_file_both_succeed(story):
    night = story.night
    assert story.reader_before == night.publishes
    for code, log in zip(story.exits, story.logs, strict=True):
        assert code == 0, log[-3000:]
    assert len(story.exits) == 2
    assert any("waiting for it to finish" in log for log in story.logs)  # one queued behind the other
    assert story.reader_during == night.publishes  # its open connection: the old night
    assert story.reader_exit == 0

    # reconnecting shows both new publishes; the crashed runs left no publish and no leftovers
    publishes, checksums = story.after_runs
    assert publishes == night.publishes + 2
    assert not story.publishing_file_after_runs
    # the same partition materialised twice more, after three crashes: identical contract tables
    assert checksums == night.checksums

    runs = story.runs
    assert len(runs) == 2 and runs["ok"].all()
    assert str(runs["first_day"][0]) == NIGHT and str(runs["last_day"][0]) == NIGHT
    assert runs["finished"][0] <= runs["started"][1]  # one after the other, never interleaved
    # five ingestions, voice, dbt (scoring included), publish; the report follows the publish
    assert runs["stages"].min() >= 8


def test_the_killed_runs_were_recovered_in_the_dagster_instance(story):
    """Each killed run held the DuckDB pool slot or was STARTED when it died; the next run marked it
    failed and freed its slot (otherwise the runs above would have waited for the pool forever)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(story.night.env["DAGSTER_HOME"]) as instance:
        runs = [r.dagster_run for r in instance.get_run_records()]
        assert sorted(r.status.value for r in runs) == ["FAILURE"] * 3 + ["SUCCESS"] * 2
        assert instance.event_log_storage.get_concurrency_run_ids() == set()
        for run in runs:
            if run.status == dg.DagsterRunStatus.FAILURE:
                (failure,) = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
                assert "ended without finishing the run" in failure.message
