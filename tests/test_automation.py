"""The nightly schedule and the landing-directory sensor, evaluated with Dagster's build contexts."""

import json
import os
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipeline.defs.automation.jobs import landing_files_sensor, nightly
from tests.conftest import SAMPLE


def test_nightly_schedule_runs_the_full_build_at_two_in_berlin():
    assert nightly.cron_schedule == "0 2 * * *" and nightly.execution_timezone == "Europe/Berlin"
    assert nightly.job_name == "full_build"
    tick = datetime(2026, 11, 24, 2, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with dg.build_schedule_context(scheduled_execution_time=tick) as context:
        result = nightly.evaluate_tick(context)
    assert len(result.run_requests) == 1


@pytest.fixture
def landing(tmp_path):
    target = tmp_path / "landing"
    (target / "web").mkdir(parents=True)
    shutil.copy(next((SAMPLE / "web").glob("*.csv")), target / "web")
    shutil.copytree(SAMPLE / "crm", target / "crm")
    previous = os.environ.get("JOURNEY_LANDING_DIR")
    os.environ["JOURNEY_LANDING_DIR"] = str(target)
    yield target
    if previous is None:
        os.environ.pop("JOURNEY_LANDING_DIR")
    else:
        os.environ["JOURNEY_LANDING_DIR"] = previous


def _tick(cursor):
    with dg.build_sensor_context(cursor=cursor, instance=dg.DagsterInstance.ephemeral()) as context:
        result = landing_files_sensor.evaluate_tick(context)
        return result, context.cursor


def test_sensor_starts_a_run_for_new_or_changed_files_only(landing):
    first, cursor = _tick(None)
    assert len(first.run_requests) == 1 and len(json.loads(cursor)) == 4  # 1 web file, 3 CRM files

    again, same_cursor = _tick(cursor)
    assert again.run_requests == [] and "no new or changed" in again.skip_message
    assert same_cursor == cursor

    new_day = landing / "web" / "clickstream_2099-01-01.csv"
    new_day.write_text((landing / "crm" / "orders.csv").read_text().splitlines()[0] + "\n")
    changed, cursor2 = _tick(cursor)
    assert len(changed.run_requests) == 1 and "web/clickstream_2099-01-01.csv" in json.loads(cursor2)

    (landing / "crm" / "orders.csv").write_text("corrected export\n")  # same name, new content
    corrected, cursor3 = _tick(cursor2)
    assert len(corrected.run_requests) == 1
    assert corrected.run_requests[0].run_key != changed.run_requests[0].run_key
    assert json.loads(cursor3)["crm/orders.csv"] != json.loads(cursor2)["crm/orders.csv"]
