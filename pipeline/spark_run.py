"""Build the dbt models on local Apache Spark (what `make run-spark` does; docs/scale-out.md).

    python -m pipeline.spark_run [--full-refresh]   # dbt build --target spark on the raw zone of JOURNEY_WAREHOUSE_DIR

The raw zone comes from the nightly run (`make run-spark` runs `python -m pipeline.run` first: the
ingestion assets fill JOURNEY_WAREHOUSE_DIR/raw, and its DuckDB build is the reference the parity test
compares with). dbt runs in this process (dbt's programmatic runner) on target `spark` of
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

import os
import shutil
import sys
import time
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


def main(argv: list[str] | None = None) -> int:
    from dataclasses import replace

    from dbt.cli.main import dbtRunner

    from pipeline.config import PROJECT_ROOT, dbt_env, load_settings

    full_refresh = "--full-refresh" in (sys.argv[1:] if argv is None else argv)
    cfg = load_settings()
    cfg = replace(cfg, dbt=replace(cfg.dbt, engine="spark"))
    if not cfg.raw_dir.exists():
        print(f"no raw zone at {cfg.raw_dir}: run `make run` (or `make run-spark`) first", file=sys.stderr)
        return 2
    from pipeline.defs.transform.dbt import ENGINE_TARGETS

    spark_dir = cfg.warehouse_dir / "spark"
    spark_dir.mkdir(parents=True, exist_ok=True)
    target_path = spark_dir / "dbt_target"
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
    relations = {
        n.name: (n.schema, n.alias) for n in manifest.nodes.values() if n.resource_type in ("model", "seed")
    }

    def build(number: int, select: str | None, exclude: str) -> bool:
        # one --select / --exclude value each (a space-separated union): dbt does not take separate words here
        args = ["build", *common, "--exclude", exclude, *(["--select", select] if select else [])]
        ok = runner.invoke([*args, *(["--full-refresh"] if full_refresh else [])]).success
        # each invocation writes run_results.json: keep each (the parity test reads them all)
        shutil.copy(target_path / "run_results.json", target_path / f"{number}_run_results.json")
        return ok

    later = [f"{m}+" for models, _ in PYTHON_STEPS for m in models]
    ok = build(1, None, " ".join(("test_type:unit", *later)))
    for number, (models, step) in enumerate(PYTHON_STEPS, start=2):
        if not ok:
            break
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.getOrCreate()  # dbt's session (dbt-spark's getOrCreate)
        step_started = time.monotonic()
        outputs = step(partial(_read, spark, relations))
        for name in models:
            schema, alias = relations[name]
            spark.sql(f"create schema if not exists {schema} location '{spark_dir / schema}'")
            _write(spark, f"{schema}.{alias}", outputs[name], spark_dir / schema / alias)
        print(
            f"Python step {step.__name__} ({', '.join(models)}) in {time.monotonic() - step_started:.1f} s",
            flush=True,
        )
        later = later[len(models) :]
        own = [f"{m},resource_type:model" for m in models]
        ok = build(number, " ".join(f"{m}+" for m in models), " ".join(("test_type:unit", *later, *own)))
    print(
        f"Spark build {'finished' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s; tables under {spark_dir}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
