"""dbt unit tests (the `unit_tests:` blocks in dbt_project/models/**/_*__unit_tests.yml).

They check each KPI definition on hand-written inputs and hand-calculated outputs. dbt needs the
input relations to exist to learn their column types, but not their rows: the parents are built
empty (`dbt build --empty`) in a scratch DuckDB over an empty raw zone (zero-row Parquet files with
the schemas the ingestion and voice assets write), so the unit tests need no data build and no
end-to-end fixture. dbt cannot build a Python model empty: the one a unit test reads,
clv_customer_predictions, is created with zero rows from what its code returns for three hand-made
customers. The nightly Dagster build excludes the unit tests."""

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipeline.defs.ingest.assets import _schema_frame
from pipeline.defs.voice.assets import ASPECT_SCHEMA, PHRASE_SCHEMA
from pipeline.ingest.files import QUARANTINE_SCHEMA
from pipeline.ingest.specs import SPECS
from pipeline.ingest.zone import LOG_SCHEMA
from pipeline.value.scoring import customer_value
from tests.conftest import PROJECT_ROOT

# what pipeline/defs/voice/assets.py writes under raw/_derived/ (the sources of dbt's `derived`)
DERIVED = {
    "feedback_sentiment": {
        "feedback_id": pl.String,
        "language": pl.String,
        "sentiment_score": pl.Float64,
        "sentiment_label": pl.String,
    },
    "feedback_aspects": {"feedback_id": pl.String, **ASPECT_SCHEMA},
    "feedback_phrases": {"feedback_id": pl.String, "language": pl.String, **PHRASE_SCHEMA},
}


def empty_raw_zone(raw: Path) -> Path:
    """The raw zone of a warehouse before any landing file loaded: zero-row Parquet for every source."""
    frames = {f"{spec.table}/_schema.parquet": _schema_frame(spec) for spec in SPECS.values()}
    frames["_audit/quarantine/_schema/_schema.parquet"] = pl.DataFrame(schema=QUARANTINE_SCHEMA)
    frames["_audit/ingestion_log/_schema/_schema.parquet"] = pl.DataFrame(schema=LOG_SCHEMA)
    frames |= {f"_derived/{name}/all.parquet": pl.DataFrame(schema=s) for name, s in DERIVED.items()}
    for path, frame in frames.items():
        (raw / path).parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(raw / path)
    return raw


def empty_clv_predictions(database: Path) -> None:
    """scoring.clv_customer_predictions with the columns its model returns (dbt_project/models/scoring/
    clv_customer_predictions.py: customer_value over the orders) and no rows."""
    day = [date(2026, 1, 5), date(2026, 3, 1), date(2026, 2, 1), date(2026, 1, 1), date(2026, 4, 1)]
    orders = pl.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c"],
            "order_date": day,
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0],
            "as_of_date": [date(2026, 7, 1)] * 5,
        }
    )
    predictions = customer_value(orders)[0].head(0).to_arrow()
    with duckdb.connect(str(database)) as con:
        con.execute("create schema scoring")
        con.register("predictions", predictions)
        con.execute("create table scoring.clv_customer_predictions as select * from predictions")


def _dbt(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "JOURNEY_BUILD_DB": str(tmp_path / "scratch.duckdb"),
        "JOURNEY_RAW_DIR": str(tmp_path / "raw"),
        "PYTHONPATH": str(PROJECT_ROOT),  # the Python models import pipeline.*
    }
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *args,
            *("--profiles-dir", ".", "--target-path", str(tmp_path / "target")),
            *("--log-path", str(tmp_path / "logs")),
        ],
        cwd=PROJECT_ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )


def test_every_dbt_unit_test_passes(tmp_path):
    empty_raw_zone(tmp_path / "raw")
    empty_clv_predictions(tmp_path / "scratch.duckdb")
    # the seeds and every model upstream of a unit-tested one, with their columns and no rows
    built = _dbt(
        tmp_path,
        "build",
        "--empty",
        "--select",
        "+test_type:unit",
        "--exclude",
        "test_type:unit",
        "test_type:data",
        "clv_customer_predictions",
    )
    assert built.returncode == 0, built.stdout[-6000:] + built.stderr[-2000:]
    result = _dbt(tmp_path, "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # every unit test dbt parsed from the yml ran (and passed): none silently left out of the selection
    written = len(json.loads((tmp_path / "target" / "manifest.json").read_text())["unit_tests"])
    assert written >= 18
    # (the project's on-run-start hook counts as one more PASS; the unit tests are counted on their own)
    assert re.search(rf"\b{written} unit tests\b", result.stdout), result.stdout[-3000:]
    assert re.search(r"\bERROR=0\b", result.stdout) and re.search(r"\bFAIL=", result.stdout) is None
