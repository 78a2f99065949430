"""The one Dagster code location: ingest -> dbt (staging -> intermediate -> scoring -> marts) -> serving."""

import dagster as dg

from pipeline.defs.automation.jobs import full_build, landing_files_sensor, nightly
from pipeline.defs.automation.recovery import recover_killed_runs_sensor
from pipeline.defs.ingest.assets import ingest_assets, ingestion_audit
from pipeline.defs.quality.checks import raw_checks
from pipeline.defs.serving.assets import serving_warehouse
from pipeline.defs.serving.report import journey_report
from pipeline.defs.shared import location_settings, settings_resource
from pipeline.defs.transform.dbt import dbt_resource, journey_dbt_models
from pipeline.defs.voice.assets import feedback_voice

defs = dg.Definitions(
    assets=[
        *ingest_assets,
        ingestion_audit,
        feedback_voice,
        journey_dbt_models,
        serving_warehouse,
        journey_report,
    ],
    asset_checks=raw_checks,
    jobs=[full_build],
    schedules=[nightly],
    sensors=[landing_files_sensor, recover_killed_runs_sensor],
    # the settings of the code location (the environment, read once); pipeline.run.execute and tests
    # may replace them for one run
    resources={"dbt": dbt_resource(), "settings": settings_resource(location_settings())},
    # one writer to DuckDB means the steps run one after another anyway; in-process saves starting a
    # Python process (and importing Dagster and dbt) for each of some twenty steps
    executor=dg.in_process_executor,
)
