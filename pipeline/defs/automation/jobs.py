"""Jobs and the nightly schedule."""

import os

import dagster as dg

full_build = dg.define_asset_job(
    "full_build",
    selection=dg.AssetSelection.all(),
    description="Everything: ingest the landing directory, build the warehouse, score, publish.",
)

nightly = dg.ScheduleDefinition(
    name="nightly_full_build",
    job=full_build,
    cron_schedule=os.environ.get("JOURNEY_NIGHTLY_CRON", "0 2 * * *"),
    execution_timezone=os.environ.get("JOURNEY_NIGHTLY_TZ", "Europe/Berlin"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
