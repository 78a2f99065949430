"""dbt unit tests (the `unit_tests:` blocks in dbt_project/models/**/_*__unit_tests.yml).

They check each KPI definition on hand-written inputs and hand-calculated outputs. dbt needs the
input relations to exist to learn their column types, so they run against the warehouse the
end-to-end fixture built; the nightly Dagster build excludes them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.e2e


def test_every_dbt_unit_test_passes(built_warehouse, tmp_path):
    dbt = Path(sys.executable).parent / "dbt"
    env = {
        **os.environ,
        "JOURNEY_BUILD_DB": str(built_warehouse / "build" / "journeys.duckdb"),
        "JOURNEY_RAW_DIR": str(built_warehouse / "raw"),
    }
    result = subprocess.run(
        [
            str(dbt),
            *("test", "--profiles-dir", ".", "--select", "test_type:unit"),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
        cwd=PROJECT_ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "PASS=" in result.stdout and " 0 unit tests" not in result.stdout
