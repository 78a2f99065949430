"""The nightly schedule and the landing-directory sensor, evaluated with Dagster's build contexts."""

import json
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipeline.definitions import defs
from pipeline.defs.automation.jobs import landing_files_sensor, latest_partition, nightly
from tests.conftest import SAMPLE, settings_for


def test_nightly_schedule_runs_the_previous_days_partition_at_two_in_berlin():
    assert nightly.cron_schedule == "0 2 * * *" and nightly.execution_timezone == "Europe/Berlin"
    assert nightly.job_name == "full_build"
    # 02:00 in Berlin on 1 Nov is 01:00 UTC (winter time): the night of 31 Oct, not of the UTC date
    tick = datetime(2026, 11, 1, 1, 0, tzinfo=ZoneInfo("UTC"))
    with dg.build_schedule_context(
        scheduled_execution_time=tick, repository_def=defs.get_repository_def()
    ) as context:
        result = nightly.evaluate_tick(context)
    (request,) = result.run_requests
    assert request.partition_key == "2026-10-31"
    assert request.run_key == "nightly-2026-10-31"  # a second tick for the same night starts nothing new
    # the partition exists in the job's partitions definition (the run can be launched)
    assert request.partition_key in defs.resolve_job_def("full_build").partitions_def.get_partition_keys(
        current_time=datetime(2026, 11, 1, 2, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    )


@pytest.fixture
def landing(tmp_path):
    target = tmp_path / "landing"
    (target / "web").mkdir(parents=True)
    shutil.copy(SAMPLE / "web" / "clickstream_2026-08-03.csv", target / "web")
    shutil.copytree(SAMPLE / "crm", target / "crm")
    return target


def _tick(cursor, landing):
    with dg.build_sensor_context(
        cursor=cursor,
        instance=dg.DagsterInstance.ephemeral(),
        repository_def=defs.get_repository_def(),
        resources={"settings": settings_for(landing, landing.parent / "warehouse")},
    ) as context:
        result = landing_files_sensor.evaluate_tick(context)
        return result, context.cursor


def test_sensor_starts_a_run_for_new_or_changed_files_only(landing):
    first, cursor = _tick(None, landing)
    assert len(first.run_requests) == 1 and len(json.loads(cursor)) == 4  # 1 web file, 3 CRM files
    # the web file is dated 2026-08-03: one run from that day to the latest (a single-run backfill)
    tags = first.run_requests[0].tags
    assert tags["dagster/asset_partition_range_start"] == "2026-08-03"
    assert tags["dagster/asset_partition_range_end"] == latest_partition().isoformat()

    again, same_cursor = _tick(cursor, landing)
    assert again.run_requests == [] and "no new or changed" in again.skip_message
    assert same_cursor == cursor

    new_day = landing / "web" / "clickstream_2099-01-01.csv"
    new_day.write_text((landing / "crm" / "orders.csv").read_text().splitlines()[0] + "\n")
    changed, cursor2 = _tick(cursor, landing)
    assert len(changed.run_requests) == 1 and "web/clickstream_2099-01-01.csv" in json.loads(cursor2)
    # a file dated in the future waits for its night: the run is for the latest partition only
    assert changed.run_requests[0].partition_key == latest_partition().isoformat()

    (landing / "crm" / "orders.csv").write_text("corrected export\n")  # same name, new content
    corrected, cursor3 = _tick(cursor2, landing)
    assert len(corrected.run_requests) == 1
    assert corrected.run_requests[0].partition_key == latest_partition().isoformat()  # a snapshot export
    assert corrected.run_requests[0].run_key != changed.run_requests[0].run_key
    assert json.loads(cursor3)["crm/orders.csv"] != json.loads(cursor2)["crm/orders.csv"]
