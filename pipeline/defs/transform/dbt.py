"""The dbt project as Dagster assets (dbt build: models, seeds and tests as asset checks)."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pipeline.config import PROJECT_ROOT
from pipeline.defs.shared import DUCKDB_POOL, settings

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


class JourneyTranslator(DagsterDbtTranslator):
    """Asset keys [schema, name]; sources keep [source, table] so they meet the Python assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        schema = dbt_resource_props.get("schema")
        if dbt_resource_props["resource_type"] == "seed":
            return "atlas"
        return {"staging": "staging", "intermediate": "staging", "audit": "marts"}.get(schema, "marts")


def dbt_env() -> dict[str, str]:
    cfg = settings()
    return {
        "JOURNEY_BUILD_DB": str(cfg.build_db),
        "JOURNEY_RAW_DIR": str(cfg.raw_dir),
        "JOURNEY_AS_OF": cfg.as_of.isoformat() if cfg.as_of else "",
    }


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=JourneyTranslator(),
    pool=DUCKDB_POOL,
)
def journey_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    cfg = settings()
    cfg.build_db.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(dbt_env())  # profiles.yml and sources read these
    # dbt unit tests check SQL logic on fixed inputs; they run in `make test`, not every night
    args = ["build", "--exclude", "test_type:unit"]
    if os.environ.get("JOURNEY_DBT_FULL_REFRESH", "") in ("1", "true", "yes"):
        args.append("--full-refresh")  # rebuild incremental models from scratch (after a model change)
    yield from dbt.cli(args, context=context).stream()


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(
        project_dir=dbt_project,
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=str(Path(os.sys.executable).parent / "dbt"),
    )
