#!/bin/sh
# The "dbt executable" of Dagster's dbt resource on engine spark (JOURNEY_ENGINE=spark,
# pipeline/defs/transform/dbt.py): Dagster starts it as it would start dbt (`build --select …
# --exclude … --target spark`, dbt's JSON log on standard output) and it runs pipeline.spark_run, the
# staged Spark build (dbt invocations with the Python steps between them), in the Spark environment
# (Makefile SPARK_VENV: the project plus the spark dependency group; .venv has no pyspark).
root=$(cd "$(dirname "$0")/.." && pwd)
python="$root/.venv-spark/bin/python"
if [ ! -x "$python" ]; then
    echo "engine spark: no Spark environment at $root/.venv-spark (make .venv-spark/.synced, or make run-spark)" >&2
    exit 2
fi
PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m pipeline.spark_run "$@"
