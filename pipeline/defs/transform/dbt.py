"""The dbt project as Dagster assets (dbt build: models, seeds and tests as asset checks)."""

import os
import resource
import signal
from collections.abc import Mapping
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from pipeline import duckdb_connect
from pipeline.config import PROJECT_ROOT
from pipeline.defs.shared import DUCKDB_POOL, run_window, settings, stage

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
        return {"staging": "staging", "intermediate": "staging", "audit": "marts", "scoring": "scoring"}.get(
            schema, "marts"
        )


def dbt_env() -> dict[str, str]:
    cfg = settings()
    return {
        "JOURNEY_BUILD_DB": str(cfg.build_db),
        "JOURNEY_RAW_DIR": str(cfg.raw_dir),
        "JOURNEY_AS_OF": cfg.as_of.isoformat() if cfg.as_of else "",
        # the dbt Python models (models/scoring) import the scoring maths from this project
        "PYTHONPATH": os.pathsep.join(
            dict.fromkeys(
                p for p in (str(PROJECT_ROOT), *os.environ.get("PYTHONPATH", "").split(os.pathsep)) if p
            )
        ),
    }


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=JourneyTranslator(),
    pool=DUCKDB_POOL,
    # Not partitioned, on purpose. A run is one night or a backfill of many days (the partitions of the
    # web events ingestion, in the run's tags); dbt gets the run's first day as JOURNEY_WINDOW_START:
    # the incremental event models rebuild from it (minus the lookback), the marts are recomputed as of
    # the latest data. As partitioned assets every dbt model would log one materialization per day of
    # the run: a 365-day backfill wrote ~22,000 events into the run storage, and Dagster spent most of
    # the run doing that (docs/benchmarks.md).
)
def journey_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    cfg = settings()
    cfg.build_db.parent.mkdir(parents=True, exist_ok=True)
    window = run_window(context)
    # profiles.yml, sources and the incremental_start() macro read these
    os.environ.update(dbt_env(), JOURNEY_WINDOW_START=window[0].isoformat() if window else "")
    # dbt unit tests check SQL logic on fixed inputs; they run in `make test`, not every night
    args = ["build", "--exclude", "test_type:unit"]
    if os.environ.get("JOURNEY_DBT_FULL_REFRESH", "") in ("1", "true", "yes"):
        args.append("--full-refresh")  # rebuild incremental models from scratch (after a model change)
    # one record per dbt step (one step per run, unless a selection splits the project)
    stage_name = f"dbt/{context.op_handle}"
    with stage(context, stage_name) as record:
        # a fixed target directory per warehouse keeps dbt's partial_parse.msgpack between runs: the
        # next run re-parses only what changed instead of the whole project (≈ 3 s)
        target = cfg.build_db.parent / "dbt_target"
        # dbt writes run_results.json when it finishes; a dbt that dies writes none, and the previous
        # run's file must not be taken for this run's
        (target / "run_results.json").unlink(missing_ok=True)
        invocation = dbt.cli(args, context=context, raise_on_error=False, target_path=target)
        yield from invocation.stream()
        returncode = invocation.process.wait()
        if returncode < 0 or not (target / "run_results.json").exists():
            raise dg.Failure(dbt_died_message(stage_name, returncode, target / "dbt.log"))
        results = invocation.get_artifact("run_results.json").get("results", [])
        record.rows_processed = rows_in_tables(
            cfg.build_db,
            [r["unique_id"].split(".")[-1] for r in results if r["unique_id"].startswith("model.")],
        )
        failed = [r["unique_id"] for r in results if r.get("status") in ("error", "fail")]
        record.detail = f"{len(results)} dbt nodes, failed: {', '.join(failed) or 'none'}"
        if not invocation.is_successful():
            raise dg.Failure(f"dbt build failed: {', '.join(failed) or 'see the dbt log'}")


DUCKDB_MEMORY_DEFAULT = "4GB"  # the default of memory_limit in dbt_project/profiles.yml


def dbt_died_message(stage_name: str, returncode: int, log: Path) -> str:
    """Why the dbt process ended without finishing the build, and the memory it had: a dbt killed
    by the kernel (out of memory) or that crashed writes no run_results.json to report from."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        cause = f"the dbt process was killed by {name}"
        if -returncode == signal.SIGKILL:
            cause += " — likely out of memory (the kernel's OOM killer sends SIGKILL)"
    else:
        cause = f"the dbt process exited with code {returncode}"
    return (
        f"dbt build ({stage_name}) did not finish: {cause}; it wrote no run_results.json. "
        f"Memory: DuckDB memory_limit {os.environ.get('JOURNEY_DUCKDB_MEMORY') or DUCKDB_MEMORY_DEFAULT} "
        f"(JOURNEY_DUCKDB_MEMORY), {memory_of_machine()}. Models that finished before are committed in "
        f"the build file, the serving file is unchanged; dbt's log: {log}"
    )


def memory_of_machine() -> str:
    """Total RAM, the cgroup's memory limit when there is one, and the largest peak resident memory of
    a child process of this one (the dbt process once it has ended)."""
    gib = 2**30
    parts = [f"machine RAM {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / gib:.1f} GiB"]
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            parts.append(f"container limit {int(limit) / gib:.1f} GiB")
    except OSError:
        pass
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak_kib:
        parts.append(f"peak RSS of this step's child processes (dbt) {peak_kib / 2**20:.1f} GiB")
    return ", ".join(parts)


def rows_in_tables(build_db: Path, names: list[str]) -> int:
    """Rows now in the tables a dbt step built (DuckDB's stored row counts; views count nothing)."""
    if not names or not build_db.exists():
        return 0
    with duckdb_connect.connect(str(build_db), read_only=True) as con:
        return con.execute(
            "select coalesce(sum(estimated_size), 0) from duckdb_tables() where table_name in "
            "(select unnest(?::varchar[]))",
            [names],
        ).fetchall()[0][0]


class JourneyDbtCli(DbtCliResource):
    """dagster-dbt asks the dbt executable for its version (`dbt --version`, a second dbt process: ≈ 3 s
    of every run). The executable is this environment's dbt, so the installed dbt-core is its version.
    `_cli_version` is a private property of dagster-dbt (0.29.x, pinned in uv.lock): check it on upgrade."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))


def dbt_resource() -> DbtCliResource:
    return JourneyDbtCli(
        project_dir=dbt_project,
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=str(Path(os.sys.executable).parent / "dbt"),
    )
