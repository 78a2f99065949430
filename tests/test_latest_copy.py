"""One rule for "the latest copy wins" in Python (pipeline.ingest.latest), the one the dbt staging
models use: of the copies of an id, the latest _ingested_at, then the greatest _source_file, then the
greatest _row_number. The voice asset scores the copy of a feedback item that stg_feedback__responses
keeps, also when the file listing puts another copy last."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipeline.ingest.latest import latest_copy
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table
from tests.conftest import PROJECT_ROOT, settings_for

T1, T2 = datetime(2026, 10, 1, 2, tzinfo=UTC), datetime(2026, 10, 2, 2, tzinfo=UTC)


def test_latest_ingestion_then_source_file_then_row_number_wins():
    copies = pl.DataFrame(
        {
            "id": ["a", "a", "b", "b", "c", "c", "d"],
            "value": ["a-late", "a-early", "b-file-y", "b-file-z", "c-row-9", "c-row-2", "d-only"],
            "_ingested_at": [T2, T1, T1, T1, T1, T1, T1],
            # a: the later ingestion wins although its file name is smaller
            "_source_file": ["f_01.csv", "f_02.csv", "y.csv", "z.csv", "x.csv", "x.csv", "x.csv"],
            "_row_number": [1, 5, 7, 1, 9, 2, 1],
        }
    )
    expected = {"a": "a-late", "b": "b-file-z", "c": "c-row-9", "d": "d-only"}
    for frame in (copies, copies.reverse()):  # the order rows come in does not matter
        kept = latest_copy(frame, "id")
        assert dict(zip(kept["id"], kept["value"], strict=True)) == expected
        assert latest_copy(frame.lazy(), "id").collect().sort("id").equals(kept.sort("id"))


HEADER = "feedback_id,submitted_at,text,language,csat\n"


@pytest.fixture
def redelivered(tmp_path):
    """Night 1 ingests one daily file (F1 in English, praise); night 2 a corrected re-delivery of the
    other day's file, with F1 in German, a complaint. Staging keeps night 2's copy. Which day is
    night 1's is chosen so that the directory listing names night 1's file last."""
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    (landing / "feedback").mkdir(parents=True)
    raw = warehouse / "raw" / "feedback"
    night_one, night_two = _listed_last_first(
        tmp_path / "scratch", ["feedback_2026-10-01.csv", "feedback_2026-10-02.csv"]
    )
    spec, suite, key = SPECS["feedback"], load_suite("feedback"), b"latest-copy"
    (landing / "feedback" / night_one).write_text(
        HEADER
        + "F1,2026-10-02 09:00:00,Great service and super fast delivery. Thank you!,en,5\n"
        + "F2,2026-10-02 10:00:00,Alles bestens.,de,5\n"
    )
    first = ingest_table(spec, suite, landing, warehouse / "raw", key)
    (landing / "feedback" / night_two).write_text(
        HEADER + "F1,2026-10-01 09:00:00,Die Lieferung kam viel zu spät und die Ware war kaputt.,de,1\n"
    )
    second = ingest_table(spec, suite, landing, warehouse / "raw", key)
    assert [r.status for r in first.results + second.results] == ["loaded", "loaded"]
    assert second.unchanged == [night_one]
    if [p.name for p in raw.glob("*.parquet")][-1] != f"{night_one}.parquet":
        # a file system listing in creation order: re-create the files (as a copy or a restore of
        # the warehouse does) night 2's first
        files = {p.name: p.read_bytes() for p in raw.glob("*.parquet")}
        for p in raw.glob("*.parquet"):
            p.unlink()
        for name in (f"{night_two}.parquet", f"{night_one}.parquet"):
            (raw / name).write_bytes(files[name])
    listed = [p.name for p in raw.glob("*.parquet")]
    if listed[-1] != f"{night_one}.parquet":
        pytest.skip(f"cannot make this file system list night 1's file last: {listed}")
    return warehouse


def _listed_last_first(scratch: Path, names: list[str]) -> list[str]:
    """``names`` in the reverse of the order a listing of a directory of their Parquet files gives."""
    scratch.mkdir()
    for name in names:
        (scratch / f"{name}.parquet").touch()
    return [p.name.removesuffix(".parquet") for p in scratch.glob("*.parquet")][::-1]


def _staging_texts(warehouse: Path, tmp_path: Path) -> dict[str, str]:
    """stg_feedback__responses as the real dbt builds it on the raw zone."""
    build = warehouse / "build" / "journeys.duckdb"
    build.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JOURNEY_BUILD_DB": str(build), "JOURNEY_RAW_DIR": str(warehouse / "raw")}
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *("run", "--profiles-dir", ".", "--select", "stg_feedback__responses"),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
        cwd=PROJECT_ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    with duckdb.connect(str(build), read_only=True) as con:
        ((schema,),) = con.sql(
            "select table_schema from information_schema.tables where table_name = 'stg_feedback__responses'"
        ).fetchall()
        rows = con.sql(f"select feedback_id, feedback_text from {schema}.stg_feedback__responses").fetchall()
    return dict(rows)


def test_sentiment_scores_the_copy_staging_keeps(redelivered, tmp_path):
    from pipeline.defs.voice.assets import feedback_voice

    warehouse = redelivered
    texts = _staging_texts(warehouse, tmp_path)
    assert texts["F1"].startswith("Die Lieferung kam viel zu spät")  # night 2's copy
    settings = settings_for(tmp_path / "landing", warehouse)
    assert dg.materialize(
        [feedback_voice], instance=dg.DagsterInstance.ephemeral(), resources={"settings": settings}
    ).success
    sentiment = pl.read_parquet(warehouse / "raw" / "_derived" / "feedback_sentiment" / "all.parquet")
    scored = {r["feedback_id"]: r for r in sentiment.iter_rows(named=True)}
    assert set(scored) == set(texts) == {"F1", "F2"}
    # the German complaint, not the English praise
    assert (scored["F1"]["language"], scored["F1"]["sentiment_label"]) == ("de", "negative")
    phrases = pl.read_parquet(warehouse / "raw" / "_derived" / "feedback_phrases" / "all.parquet")
    f1 = " ".join(phrases.filter(pl.col("feedback_id") == "F1")["phrase"].to_list())
    assert "lieferung" in f1 and "service" not in f1
