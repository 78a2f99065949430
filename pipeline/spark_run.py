"""Build the dbt models on local Apache Spark (what `make run-spark` does; docs/scale-out.md).

    python -m pipeline.spark_run [--full-refresh]   # dbt build --target spark on the raw zone of JOURNEY_WAREHOUSE_DIR

On engine spark (JOURNEY_ENGINE=spark) the nightly job's dbt asset runs this module as its "dbt
executable" (pipeline/spark_dbt.sh) with dbt's command line (`build --select … --exclude … --target
spark`) and reads dbt's JSON log from it; once the build succeeded, the published schemas are copied into
the DuckDB file settings.build_db, which the publish and the report read (export_duckdb).

The raw zone comes from the nightly run (`make run-spark` runs `python -m pipeline.run` first: the
ingestion assets fill JOURNEY_WAREHOUSE_DIR/raw, and its DuckDB build is there to compare with). dbt runs in this process (dbt's programmatic runner) on target `spark` of
dbt_project/profiles.yml — the target of the engine switch settings.dbt.engine = spark
(pipeline/defs/transform/dbt.py, ENGINE_TARGETS) —, so its Spark session is this process's: each schema
a directory under JOURNEY_WAREHOUSE_DIR/spark (the contract tables: spark/marts/<table>/, Parquet).

The dbt Python models (models/scoring: clv_fit, clv_customer_predictions, journey_priority) do not run in
dbt-spark's session mode (dbt-spark submits Python models to Databricks only). Here they are Python steps
between dbt invocations: each reads its dbt inputs from the Spark session, calls the same function the
dbt Python model calls (pipeline/value/scoring.py: the same maths and parameters on both engines) and
writes its output as the Spark table the dbt model would have written; the next dbt invocation builds
the models that read it. See PYTHON_STEPS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path

import polars as pl
import pyarrow as pa


def _read(spark, relations: dict[str, tuple[str, str]], name: str) -> pl.DataFrame:
    """The Spark table of dbt model or seed ``name`` as a polars frame, decimals as doubles (as DuckDB
    gives them to the dbt Python models)."""
    frame = pl.from_arrow(spark.table("{}.{}".format(*relations[name])).toArrow())
    return frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))


def _write(spark, relation: str, frame: pl.DataFrame, location: Path) -> None:
    """``frame`` as the Parquet table ``relation`` at ``location`` (where dbt would have put it)."""
    spark.sql(f"drop table if exists {relation}")
    shutil.rmtree(location, ignore_errors=True)
    table = frame.to_arrow()

    # Spark's Arrow conversion takes string, not polars' large_string / string_view, and has no unsigned
    # integers (polars counts are UInt32): bigint, as the downstream models read them
    def spark_type(t: pa.DataType) -> pa.DataType:
        if pa.types.is_large_string(t) or pa.types.is_string_view(t):
            return pa.string()
        return pa.int64() if pa.types.is_unsigned_integer(t) else t

    schema = pa.schema([f.with_type(spark_type(f.type)) for f in table.schema])
    writer = spark.createDataFrame(table.cast(schema)).write.format("parquet").option("path", str(location))
    writer.saveAsTable(relation)


def customer_value(read: Callable[[str], pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """models/scoring/clv_customer_predictions.py and clv_fit.py."""
    from pipeline.value.scoring import customer_value as score

    predictions, fit = score(read("int_orders_for_clv"))
    return {"clv_customer_predictions": predictions, "clv_fit": fit}


def journey_priority(read: Callable[[str], pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """models/scoring/journey_priority.py."""
    from pipeline.value.scoring import journey_priority_from_atlas

    tables = (read(name) for name in ("journey_priority_inputs", "atlas_journeys", "atlas_scoring_weights"))
    return {"journey_priority": journey_priority_from_atlas(*tables)}


# the dbt Python models, the Python step that writes them on Spark, in dbt's order: each step runs after
# the dbt invocation that builds its inputs (everything not downstream of this or a later step)
PYTHON_STEPS: tuple[
    tuple[tuple[str, ...], Callable[[Callable[[str], pl.DataFrame]], dict[str, pl.DataFrame]]], ...
] = (
    (("clv_customer_predictions", "clv_fit"), customer_value),
    (("journey_priority",), journey_priority),
)


def _arguments(argv: list[str]) -> argparse.Namespace:
    """`python -m pipeline.spark_run [--full-refresh]`, or the dbt command line Dagster's dbt resource
    gives its executable on engine spark (pipeline/spark_dbt.sh): `build --select … --exclude …
    --target spark [--full-refresh]`. Only `build` is understood: the Python steps sit between dbt
    invocations, so the build is always staged here."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.spark_run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("command", nargs="?", default="build", choices=["build"])
    parser.add_argument("--select", "-s", nargs="+", default=[], help="dbt selection (a union of words)")
    parser.add_argument("--exclude", nargs="+", default=[], help="dbt exclusion (a union of words)")
    parser.add_argument("--target", "-t", default=None, help="dbt target (only `spark` here)")
    parser.add_argument("--full-refresh", action="store_true")
    arguments = parser.parse_args(argv)
    if arguments.target not in (None, "spark"):
        parser.error(f"--target {arguments.target}: this builds on target spark only")
    # one token may carry several words ('--select "a b"', as dagster-dbt passes them)
    arguments.select = [w for token in arguments.select for w in token.split()]
    arguments.exclude = [w for token in arguments.exclude for w in token.split()]
    return arguments


def _within(selection: list[str], stage: list[str]) -> list[str]:
    """dbt selection words for (union of ``selection``) ∩ (union of ``stage``): every pair joined by a
    comma (dbt's intersection); either side empty means everything."""
    if not selection or selection == ["fqn:*"]:
        return stage
    if not stage:
        return selection
    return [f"{s},{t}" for s in selection for t in stage]


def export_duckdb(spark, relations: dict[str, tuple[str, str]], schemas: tuple[str, ...], path: Path) -> int:
    """Every table of ``schemas`` that Spark holds, copied into the DuckDB file ``path`` (written beside
    it, then moved into place: a failed copy leaves the previous file). On engine spark this file is the
    warehouse the publish reads (settings.build_db): BI tools and the report keep reading DuckDB."""
    from pipeline import duckdb_connect

    tmp = path.with_name(f".{path.name}.writing")
    tmp.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    copied = 0
    con = duckdb_connect.connect(tmp)
    try:
        for schema in schemas:
            con.execute(f'create schema "{schema}"')
        for schema, alias in sorted(set(relations.values())):
            if schema not in schemas or not spark.catalog.tableExists(f"{schema}.{alias}"):
                continue
            con.register("spark_table", spark.table(f"{schema}.{alias}").toArrow())
            con.execute(f'create table "{schema}"."{alias}" as select * from spark_table')
            con.unregister("spark_table")
            copied += 1
        con.close()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return copied


def main(argv: list[str] | None = None) -> int:
    from dataclasses import replace

    from dbt.cli.main import dbtRunner

    from pipeline.config import PROJECT_ROOT, dbt_env, load_settings
    from pipeline.defs.serving.assets import PUBLISHED_SCHEMAS
    from pipeline.defs.transform.dbt import ENGINE_TARGETS

    arguments = _arguments(sys.argv[1:] if argv is None else argv)
    cfg = load_settings()
    cfg = replace(cfg, dbt=replace(cfg.dbt, engine="spark"))
    if not cfg.raw_dir.exists():
        print(f"no raw zone at {cfg.raw_dir}: run `make run` (or `make run-spark`) first", file=sys.stderr)
        return 2
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        print("no Java runtime for Spark (java on PATH or JAVA_HOME): `make java-deps`", file=sys.stderr)
        return 2

    spark_dir = cfg.spark_dir
    spark_dir.mkdir(parents=True, exist_ok=True)
    # Dagster's dbt resource names the target directory it reads run_results.json from
    target_path = Path(os.environ.get("DBT_TARGET_PATH") or spark_dir / "dbt_target")
    target_path.mkdir(parents=True, exist_ok=True)
    for old in target_path.glob("*run_results.json"):
        old.unlink()
    os.environ.update(dbt_env(cfg))
    project_dir = PROJECT_ROOT / "dbt_project"
    common = ["--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    common += ["--target", ENGINE_TARGETS["spark"], "--target-path", str(target_path)]
    started = time.monotonic()
    parsed = dbtRunner().invoke(["parse", *common, "--quiet"])
    if not parsed.success:
        print(f"dbt parse failed: {parsed.exception}", file=sys.stderr)
        return 1
    manifest = parsed.result
    runner = dbtRunner(manifest=manifest)
    models = {n.name: n for n in manifest.nodes.values() if n.resource_type in ("model", "seed")}
    relations = {name: (n.schema, n.alias) for name, n in models.items()}
    excluded = list(dict.fromkeys(("test_type:unit", *arguments.exclude)))
    selected = set(
        runner.invoke(
            ["ls", *common, "--quiet", "--resource-type", "model", "--resource-type", "test"]
            + ["--output", "name"]
            + (["--select", *arguments.select] if arguments.select else [])
            + ["--exclude", *excluded]
        ).result
        or ()
    )
    results: list[dict] = []

    def build(number: int, stage: list[str], exclude: list[str], command: str = "build") -> bool:
        select = stage if command == "test" else _within(arguments.select, stage)
        args = [
            command,
            *common,
            "--exclude",
            *excluded,
            *exclude,
            *(["--select", *select] if select else []),
        ]
        done = target_path / "run_results.json"
        done.unlink(missing_ok=True)  # a dbt that fails early writes none: not the last stage's
        ok = runner.invoke([*args, *(["--full-refresh"] if arguments.full_refresh else [])]).success
        # each invocation writes run_results.json: keep each (the parity test reads them all)
        if done.exists():
            shutil.copy(done, target_path / f"{number}_run_results.json")
            results.extend(json.loads(done.read_text())["results"])
        return ok

    later = [f"{m}+" for step_models, _ in PYTHON_STEPS for m in step_models]
    ok = build(1, [], later)
    for number, (step_models, step) in enumerate(PYTHON_STEPS, start=2):
        later = later[len(step_models) :]
        if not ok:
            break
        if selected & set(step_models):
            ok = _python_step(step, step_models, models, relations, spark_dir, results)
        if ok:
            own = [f"{m},resource_type:model" for m in step_models]
            ok = build(number, [f"{m}+" for m in step_models], [*later, *own])
    # the tests on a Python step's model and others (assert_funnel_steps_add_up_to_the_funnel): dbt
    # leaves a test out when one of its parents is excluded, and each stage excludes the steps' models
    step_ids = {models[m].unique_id for step_models, _ in PYTHON_STEPS for m in step_models}
    run = {r["unique_id"] for r in results}
    left = sorted(
        n.name
        for n in manifest.nodes.values()
        if n.resource_type == "test"
        and n.name in selected
        and n.unique_id not in run
        and step_ids & set(n.depends_on.nodes)
    )
    if ok and left:
        ok = build(len(PYTHON_STEPS) + 2, left, [], command="test")
    if ok:
        from pyspark.sql import SparkSession

        try:
            copied = export_duckdb(
                SparkSession.builder.getOrCreate(), relations, PUBLISHED_SCHEMAS, cfg.build_db
            )
            print(
                f"{copied} tables of schemas {', '.join(PUBLISHED_SCHEMAS)} copied to {cfg.build_db}",
                flush=True,
            )
        except Exception as error:
            traceback.print_exc()
            print(f"copying the published schemas to {cfg.build_db} failed: {error!r}", file=sys.stderr)
            ok = False
    # one run_results.json for the whole build (every invocation's nodes and the Python steps), as one
    # dbt build would have written it: what Dagster's dbt asset reads
    (target_path / "run_results.json").write_text(
        json.dumps({"results": results, "elapsed_time": time.monotonic() - started, "success": ok})
    )
    print(
        f"Spark build {'finished' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s; tables under {spark_dir}"
    )
    return 0 if ok else 1


def _python_step(
    step,
    step_models: tuple[str, ...],
    models: dict,
    relations: dict[str, tuple[str, str]],
    spark_dir: Path,
    results: list[dict],
) -> bool:
    """Run a Python step on dbt's Spark session and write its tables; its outcome becomes a result row
    of each of its models, as dbt would have recorded the dbt Python model."""
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()  # dbt's session (dbt-spark's getOrCreate)
    step_started = time.monotonic()
    try:
        outputs = step(partial(_read, spark, relations))
        for name in step_models:
            schema, alias = relations[name]
            spark.sql(f"create schema if not exists {schema} location '{spark_dir / schema}'")
            _write(spark, f"{schema}.{alias}", outputs[name], spark_dir / schema / alias)
        status, message = "success", f"Python step {step.__name__} (pipeline.spark_run)"
    except Exception as error:  # the step's failure is reported as its models' dbt results
        traceback.print_exc()
        status, message = "error", f"Python step {step.__name__} failed: {type(error).__name__}: {error}"
    seconds = time.monotonic() - step_started
    print(f"{message}: {', '.join(step_models)} in {seconds:.1f} s", flush=True)
    for name in step_models:
        schema, alias = relations[name]
        results.append(
            {
                "unique_id": models[name].unique_id,
                "status": status,
                "message": message,
                "execution_time": seconds,
                "relation_name": f"{schema}.{alias}",
                "timing": [],
                "thread_id": "MainThread",
                "adapter_response": {},
                "failures": None,
            }
        )
    return status == "success"


if __name__ == "__main__":
    sys.exit(main())
