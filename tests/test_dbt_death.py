"""A dbt process that dies (killed by the kernel when out of memory, crashed) writes no
run_results.json. The run must then fail saying so — the stage, the cause and the memory dbt had —
instead of with a FileNotFoundError. The real dbt of a real run is killed with SIGKILL, as the
kernel's OOM killer does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.pipeline_runs import RUN, pipeline_env

STARTED = " OK created "  # dbt's line for a model it built: the build is under way


def _dbt_child(pid: int) -> int | None:
    """The pid of the `dbt build` process whose parent is ``pid``, if it runs."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and any(a.endswith(b"/dbt") for a in argv) and b"build" in argv:
            return int(stat.parent.name)
    return None


def _total_ram_gib() -> str:
    kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return f"{kib / 2**20:.1f} GiB"


@pytest.mark.e2e
def test_dbt_killed_by_sigkill_fails_the_run_naming_stage_signal_and_memory(small_landing, tmp_path):
    warehouse = tmp_path / "warehouse"
    env = pipeline_env(small_landing, warehouse, {"JOURNEY_DUCKDB_MEMORY": "1GB"})
    proc = subprocess.Popen(  # --verbose: dbt's own lines (STARTED) on the console
        [*RUN, "--verbose"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines, started = [], threading.Event()

    def drain():
        for line in proc.stdout:
            lines.append(line)
            if STARTED in line:
                started.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    killed = None
    try:
        assert started.wait(600), "dbt built no model:\n" + "".join(lines[-40:])
        deadline = time.monotonic() + 60
        while killed is None and time.monotonic() < deadline:
            killed = _dbt_child(proc.pid)
            time.sleep(0.05)
        assert killed is not None, "no dbt build process under the run"
        os.kill(killed, signal.SIGKILL)  # the real dbt dies, as under the OOM killer
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(timeout=10)
    log = "".join(lines)

    assert proc.returncode == 1, log[-6000:]
    assert "FileNotFoundError" not in log
    message = next((line for line in lines if "did not finish" in line), None)
    assert message is not None, log[-6000:]
    assert "dbt build (dbt/journey_dbt_models) did not finish" in message
    assert "killed by SIGKILL — likely out of memory" in message
    assert "DuckDB memory_limit 1GB (JOURNEY_DUCKDB_MEMORY)" in message
    assert f"machine RAM {_total_ram_gib()}" in message
    # the run record (audit.runs) carries the same explanation; nothing was published
    records = [json.loads(p.read_text()) for p in (warehouse / "run_log").glob("*/*.json")]
    dbt_record = next(r for r in records if r["stage"].startswith("dbt/"))
    assert dbt_record["outcome"] == "failed"
    assert "killed by SIGKILL" in dbt_record["detail"]
    assert not (warehouse / "journeys.duckdb").exists()


def test_a_dbt_that_exits_without_results_is_described_by_its_exit_code():
    from pipeline.defs.transform.dbt import dbt_died_message

    message = dbt_died_message("dbt/journey_dbt_models", 2, Path("dbt.log"))
    assert message.startswith("dbt build (dbt/journey_dbt_models) did not finish: ")
    assert "exited with code 2; it wrote no run_results.json" in message
    assert "(JOURNEY_DUCKDB_MEMORY)" in message and "machine RAM " in message
    assert "out of memory" not in message
    assert "killed by SIGTERM;" in dbt_died_message("dbt/x", -signal.SIGTERM, Path("dbt.log"))
