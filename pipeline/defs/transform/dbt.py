"""The dbt project as Dagster assets (dbt build: models, seeds and tests as asset checks)."""

import json
import os
import resource
import signal
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.asset_utils import DAGSTER_DBT_MANIFEST_METADATA_KEY
from dagster_dbt.dagster_dbt_translator import DbtManifestWrapper
from dagster_shared.record import replace
from packaging import version

from pipeline import duckdb_connect, incremental_inputs
from pipeline.cli_output import progress_message
from pipeline.config import PROJECT_ROOT, DbtSettings, Settings, dbt_env
from pipeline.defs.shared import DUCKDB_POOL, location_settings, run_window, stage
from pipeline.defs.transform.describe import describe_dbt_test, leading_comment
from pipeline.defs.transform.metadata import with_table_numbers

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# the Dagster group of each layer, from the folder a model lives in (its fqn): models/<layer>/...; the
# marts' audit folder is a layer of its own (schema audit: ingestion log, quarantine, data quality)
LAYER_GROUPS = ("staging", "intermediate", "scoring", "marts")
SEED_GROUP = "atlas"  # the journey atlas (seeds/atlas), published as schema atlas


class _PathLikeDbtProject(DbtProject):
    """A DbtProject that reads as its directory where Dagster shows metadata. dagster-dbt keeps the
    project object in every asset's metadata for its own use at run time; the UI showed it as
    "[DbtProject] (unserializable)". An os.PathLike value is shown as a path instead."""

    def __fspath__(self) -> str:
        return str(self.project_dir)


@dataclass
class _PathLikeManifest(DbtManifestWrapper):
    """The parsed manifest dagster-dbt keeps in the metadata, shown as the manifest's path."""

    path: str = ""

    def __fspath__(self) -> str:
        return self.path


dbt_project = _PathLikeDbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def dbt_layer(props: Mapping[str, Any]) -> str:
    """The layer (and Dagster group) of a dbt node from the folder it lives in: seeds are the atlas;
    a model's first folder under models/ is its layer, except marts/audit, which is the audit layer."""
    if props["resource_type"] == "seed":
        return SEED_GROUP
    folders = props["fqn"][1:-1]
    if folders[:2] == ["marts", "audit"]:
        return "audit"
    if not folders or folders[0] not in LAYER_GROUPS:
        raise ValueError(f"{props['unique_id']}: models live under models/<{'|'.join(LAYER_GROUPS)}>/")
    return folders[0]


class JourneyTranslator(DagsterDbtTranslator):
    """Asset keys [schema, name]; sources keep [source, table] so they meet the Python assets. Groups
    are the layers (the model's folder), owners come from dbt meta `owner`, every check says what its
    dbt test checks, and no metadata value shows as "(unserializable)"."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return None  # sources are the Python assets of group ingest
        return dbt_layer(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        # dbt_project.yml gives every model and seed `+meta: {owner: ...}`; a model's yml may override it
        owner = (dbt_resource_props.get("meta") or {}).get("owner")
        if not owner:
            return None
        return [owner] if isinstance(owner, str) else list(owner)

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        props = dbt_resource_props
        text = (props.get("description") or "").strip()
        if props["resource_type"] == "seed":
            path = Path(props["original_file_path"]).as_posix().removeprefix("../")
            return text or (
                f"Journey atlas reference table `{props['name']}`: `{path}`, loaded by `dbt seed` into "
                f"schema {props['schema']} and published with the serving file."
            )
        code = (props.get("raw_code") or "").strip()
        # a model without a yml description: the comment its file opens with (dbt's docs lack it too)
        text = text or leading_comment(code) or f"dbt {props['resource_type']} {props['name']}"
        if not code:
            return text
        language = props.get("language") or "sql"
        return (
            f"{text}\n\n#### Code ({language}, `{props['original_file_path']}`):\n```{language}\n{code}\n```"
        )

    def get_asset_spec(self, manifest, unique_id, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        wrapper = spec.metadata.get(DAGSTER_DBT_MANIFEST_METADATA_KEY)
        if wrapper is None or isinstance(wrapper, _PathLikeManifest):
            return spec
        manifest_path = str(project.manifest_path) if project else "target/manifest.json"
        return spec.merge_attributes(
            metadata={DAGSTER_DBT_MANIFEST_METADATA_KEY: _PathLikeManifest(wrapper.manifest, manifest_path)}
        )

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        return replace(spec, description=describe_dbt_test(manifest["nodes"][unique_id]))

    def __fspath__(self) -> str:
        # dagster-dbt keeps the translator itself in the metadata; shown as the file that defines it
        return str(Path(__file__).relative_to(PROJECT_ROOT))


class DbtBuildConfig(dg.Config):
    """Run config of the dbt step (``ops: {journey_dbt_models: {config: {full_refresh: true}}}``;
    ``python -m pipeline.run --full-refresh``)."""

    full_refresh: bool = False  # rebuild the incremental models from scratch (after changing their columns)


# The engine the dbt models run on (settings.dbt.engine, JOURNEY_ENGINE): the dbt target of
# dbt_project/profiles.yml that the dbt resource uses; the asset graph is the same. duckdb: the build
# file (default); spark: local Apache Spark, tables under JOURNEY_WAREHOUSE_DIR/spark (docs/scale-out.md).
ENGINE_TARGETS = {"duckdb": "build", "spark": "spark"}
SPARK_DBT = PROJECT_ROOT / "pipeline" / "spark_dbt.sh"


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
def journey_dbt_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    settings: dg.ResourceParam[Settings],
    config: DbtBuildConfig,
):
    cfg = settings
    cfg.build_db.parent.mkdir(parents=True, exist_ok=True)
    if (
        cfg.dbt.engine == "duckdb"
    ):  # DuckDB creates only the last folder of its temp_directory, at the first spill
        cfg.spill_dir.mkdir(parents=True, exist_ok=True)
    window = run_window(context)
    # dbt unit tests check SQL logic on fixed inputs; they run in `make test`, not every night
    args = ["build", "--exclude", "test_type:unit"]
    # a fixed target directory per warehouse keeps dbt's partial_parse.msgpack between runs: the
    # next run re-parses only what changed instead of the whole project (≈ 3 s)
    target = cfg.build_db.parent / "dbt_target"
    # the incremental models' stored rows were built by the code, atlas and raw files of their night: when
    # those changed (an edited atlas rule, a corrected file ingested again), every day is restated, not
    # only the night's (pipeline/incremental_inputs.py)
    fingerprints = incremental_inputs.fingerprints(
        json.loads(dbt_project.manifest_path.read_text(encoding="utf-8")), dbt_project.project_dir
    )
    raw_files = incremental_inputs.raw_files(cfg.raw_dir)
    stored_inputs = incremental_inputs.load(cfg.build_db.parent)
    restate = (
        []
        if not target.exists()  # a new warehouse: its first build is a full one anyway
        else incremental_inputs.reasons_to_restate(stored_inputs, fingerprints, raw_files)
    )
    if restate and not config.full_refresh:
        context.log.warning(
            f"full refresh, every day restated: {'; '.join(restate)} since the incremental models' rows "
            "were built (an edited atlas seed, model or macro code, dbt_project.yml, a corrected file)"
        )
    if config.full_refresh or restate:
        args.append("--full-refresh")  # rebuild incremental models from scratch
    # one record per dbt step (one step per run, unless a selection splits the project)
    stage_name = f"dbt/{context.op_execution_context.op_handle}"
    with stage(context, stage_name) as record:
        # dbt writes run_results.json when it finishes; a dbt that dies writes none, and the previous
        # run's file must not be taken for this run's
        (target / "run_results.json").unlink(missing_ok=True)
        # profiles.yml, sources, the incremental_start() macro and the Python models read these
        env = dbt_env(cfg, window_start=window[0] if window else None)
        invocation = dbt.cli(args, context=context, raise_on_error=False, target_path=target, env=env)
        # the events are held until dbt has exited: only then may this process open the DuckDB file to
        # add row counts and KPIs to the materializations (the UI plots those across runs)
        events, progress = [], DbtProgress(context)
        try:
            for event in invocation.stream():
                events.append(event)
                progress.add(event)
        except Exception:
            yield from events
            raise
        progress.flush()
        returncode = invocation.process.wait()
        if returncode < 0 or not (target / "run_results.json").exists():
            yield from with_table_numbers(context, events, cfg.build_db)
            raise dg.Failure(
                dbt_died_message(stage_name, returncode, target / "dbt.log", cfg.dbt.duckdb_memory)
            )
        results = invocation.get_artifact("run_results.json").get("results", [])
        selected = set(context.op_execution_context.selected_output_names)
        events = with_unlogged_nodes(events, results, invocation.manifest, selected)
        yield from with_table_numbers(context, events, cfg.build_db)
        record.rows_processed = rows_in_tables(
            cfg.build_db,
            [r["unique_id"].split(".")[-1] for r in results if r["unique_id"].startswith("model.")],
        )
        failed = [r["unique_id"] for r in results if r.get("status") in ("error", "fail")]
        record.detail = f"{len(results)} dbt nodes, failed: {', '.join(failed) or 'none'}" + (
            f"; full refresh, {'; '.join(restate)}" if restate else ""
        )
        if not invocation.is_successful():
            raise dg.Failure(f"dbt build failed: {', '.join(failed) or 'see the dbt log'}")
        built = {r["unique_id"].split(".")[-1] for r in results if r.get("status") == "success"}
        incremental_inputs.save(
            cfg.build_db.parent, incremental_inputs.after_build(stored_inputs, fingerprints, raw_files, built)
        )


def with_unlogged_nodes(
    events: list, results: list[dict], manifest: Mapping[str, Any], selected: set[str] | None = None
) -> list:
    """``events`` with an Output for each model or seed that run_results.json reports built but dbt's log
    did not. On engine spark the dbt Python models are Python steps of pipeline.spark_run between dbt
    invocations (dbt-spark does not run them in session mode): in its run_results.json, never in dbt's
    log. And dagster-dbt drops a log line it cannot parse as JSON (seen once: two seeds of a Spark run on
    a loaded machine had no line, though dbt.log shows them loaded; the cause was not found), so
    run_results.json, which dbt writes when it finishes, is the record of what was built. Each goes
    before the first event of itself or of a node downstream of it (Dagster takes a multi-asset's
    outputs in dependency order only). A model outside the run's ``selected`` outputs (a Python step
    writes all its models) is recorded as a materialization instead."""
    translator = JourneyTranslator()
    nodes = manifest["nodes"]
    uid_of = {translator.get_asset_key(n).to_python_identifier(): uid for uid, n in nodes.items()}

    def concerns(event) -> str | None:
        if isinstance(event, dg.Output):
            return uid_of.get(event.output_name)
        if isinstance(event, dg.AssetCheckResult | dg.AssetMaterialization):
            return uid_of.get(event.asset_key.to_python_identifier())
        return None

    logged = {concerns(e) for e in events if isinstance(e, dg.Output | dg.AssetMaterialization)}
    events = list(events)
    for result in results:
        uid = result["unique_id"]
        node = nodes.get(uid)
        built = node and node["resource_type"] in ("model", "seed") and result.get("status") == "success"
        if not built or uid in logged:
            continue
        downstream, todo = {uid}, [uid]
        while todo:
            for child in manifest["child_map"].get(todo.pop(), ()):
                if child not in downstream:
                    downstream.add(child)
                    todo.append(child)
        at = next((i for i, e in enumerate(events) if concerns(e) in downstream), len(events))
        key = translator.get_asset_key(node)
        metadata = {"dbt_result": result.get("message") or ""}
        if selected is None or key.to_python_identifier() in selected:
            event = dg.Output(None, output_name=key.to_python_identifier(), metadata=metadata)
        else:
            event = dg.AssetMaterialization(asset_key=key, metadata=metadata)
        events.insert(at, event)
    return events


class DbtProgress:
    """Debug records of the dbt nodes finished so far while dbt runs (its events are held until it
    exits), for the command line's live progress (pipeline/run_console.py) and the UI's log. One record
    per second at most, with running totals: every record is a row in Dagster's event log (a SQLite
    write), and one per node cost ~7 s of a night's CPU for ~350 nodes."""

    def __init__(self, context: dg.AssetExecutionContext, every_seconds: float = 1.0):
        self.context, self.every = context, every_seconds
        self.models = self.tests = self.failed = 0
        self._last = time.monotonic()
        self._pending = False

    def add(self, event) -> None:
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            self.models += 1
        elif isinstance(event, dg.AssetCheckResult):
            self.tests += 1
            self.failed += not event.passed
        elif isinstance(event, dg.AssetObservation):
            self.tests += 1
        else:
            return
        self._pending = True
        if time.monotonic() - self._last >= self.every:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.context.log.debug(progress_message(self.models, self.tests, self.failed))
            self._last, self._pending = time.monotonic(), False


def dbt_died_message(
    stage_name: str, returncode: int, log: Path, memory_limit: str = DbtSettings().duckdb_memory
) -> str:
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
        f"Memory: DuckDB memory_limit {memory_limit} "
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
    """Two costs of dagster-dbt that every run paid for nothing. It asks the dbt executable for its
    version (`dbt --version`, a second dbt process: ≈ 3 s): the executable is this environment's dbt, so
    the installed dbt-core is its version. And before starting dbt it opens the target's adapter in this
    process (loading the dbt project and profile, importing the adapter: ≈ 2–3 CPU s a run) for its
    `fetch_row_counts` / `fetch_column_metadata`, which this project does not call (the row counts come
    from pipeline.defs.transform.metadata; dbt-spark is not even installed here). `_cli_version` and
    `_initialize_dbt_core_adapter` are private to dagster-dbt (0.29.x, pinned in uv.lock): check them on
    upgrade."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None

    def cli(self, args: Sequence[str], *, env: Mapping[str, str] | None = None, **kwargs):
        """DbtCliResource.cli, with ``env`` (pipeline.config.dbt_env) added to the environment of the
        dbt process. dagster-dbt builds that environment from this process's (and reads profiles.yml
        here, for its adapter) inside ``cli``, which starts dbt: ``env`` is set for that call only."""
        with _environment(env or {}):
            return super().cli(args, **kwargs)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with ``values`` set, restored afterwards (written, never read, here)."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def dbt_resource(settings: Settings | None = None) -> DbtCliResource:
    """The dbt resource on the engine of ``settings`` (default: the code location's). On engine spark
    its "dbt executable" is pipeline/spark_dbt.sh: the staged Spark build of pipeline.spark_run (dbt
    invocations and the Python steps between them) in the Spark environment, speaking dbt's command
    line and JSON log, so the asset graph and this asset's code are the same on both engines."""
    engine = (settings or location_settings()).dbt.engine
    executable = SPARK_DBT if engine == "spark" else Path(os.sys.executable).parent / "dbt"
    return JourneyDbtCli(
        project_dir=dbt_project,
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=str(executable),
        target=ENGINE_TARGETS[engine],
    )
