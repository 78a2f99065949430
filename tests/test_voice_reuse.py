"""Feedback analysed once (pipeline/voice/reuse.py): a night analyses only new and changed items, and its
outputs equal those of a run that analyses every item."""

from datetime import datetime
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.voice.reuse import INPUTS_SCHEMA, merged, reusable, with_input_hash
from tests.conftest import settings_for

OUTPUTS = ("feedback_sentiment", "feedback_aspects", "feedback_phrases")


def _feedback(rows: list[tuple[str, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"feedback_id": pl.String, "text": pl.String, "language": pl.String}, orient="row"
    )


def test_an_item_is_kept_only_with_the_same_input_under_the_same_analysis():
    before = with_input_hash(
        _feedback([("F1", "Schnelle Lieferung", "de"), ("F2", "slow", "en"), ("F5", "", None)])
    )
    record = before.select("feedback_id", "input_hash").with_columns(analysis_version=pl.lit("v1"))
    now = _feedback(
        [
            ("F1", "Schnelle Lieferung", "de"),  # unchanged: kept
            ("F2", "slow delivery", "en"),  # text corrected: analysed again
            ("F3", "great", "en"),  # new
            ("F5", None, None),  # empty text became null: hashes apart, analysed again
        ]
    )
    assert reusable(with_input_hash(now), record, "v1").to_list() == ["F1"]
    assert reusable(with_input_hash(now), record, "v2").to_list() == []  # the analysis changed
    assert reusable(with_input_hash(now), None, "v1").to_list() == []  # no last run
    # the same text under another declared language is another input
    assert (
        reusable(with_input_hash(_feedback([("F1", "Schnelle Lieferung", "en")])), record, "v1").to_list()
        == []
    )


def test_merged_rows_are_ordered_as_a_run_over_every_item_writes_them():
    previous = pl.DataFrame({"feedback_id": ["F1", "F1", "F2", "F3"], "aspect": ["b", "a", "x", "y"]})
    new = pl.DataFrame({"feedback_id": ["F0", "F2", "F2"], "aspect": ["n", "q", "p"]})
    out = merged(previous, new, pl.Series(["F1", "F3"]))
    # F2's old row is replaced by its new rows; each item's rows stay in the order they were made
    assert out.rows() == [("F0", "n"), ("F1", "b"), ("F1", "a"), ("F2", "q"), ("F2", "p"), ("F3", "y")]


def test_an_older_analysis_with_other_columns_is_not_read():
    previous = pl.DataFrame({"feedback_id": ["F1"], "old_column": [1]})  # an earlier version's output
    new = pl.DataFrame({"feedback_id": ["F2", "F1"], "aspect": ["b", "a"]})
    assert merged(previous, new, pl.Series([], dtype=pl.String)).rows() == [("F1", "a"), ("F2", "b")]


def _deliver(raw: Path, name: str, at: datetime, rows: list[tuple[str, str | None, str | None]]) -> None:
    frame = _feedback(rows).with_columns(
        pl.lit(at).alias("_ingested_at"),
        pl.lit(name).alias("_source_file"),
        pl.int_range(1, len(rows) + 1).cast(pl.Int64).alias("_row_number"),
    )
    (raw / "feedback").mkdir(parents=True, exist_ok=True)
    frame.write_parquet(raw / "feedback" / f"{name}.parquet")


def _run(settings) -> dict:
    from pipeline.defs.voice.assets import feedback_voice

    result = dg.materialize(
        [feedback_voice], instance=dg.DagsterInstance.ephemeral(), resources={"settings": settings}
    )
    assert result.success
    (sentiment,) = [
        m
        for m in result.asset_materializations_for_node("feedback_voice")
        if m.asset_key.path[-1] == "feedback_sentiment"
    ]
    outputs = {
        name: pl.read_parquet(settings.raw_dir / "_derived" / name / "all.parquet") for name in OUTPUTS
    }
    return {"analysed": sentiment.metadata["items_analysed"].value, **outputs}


@pytest.fixture
def two_nights(tmp_path):
    settings = settings_for(tmp_path / "landing", tmp_path / "warehouse")
    raw = settings.raw_dir
    _deliver(
        raw,
        "feedback_2026-09-01.csv",
        datetime(2026, 9, 1, 3),
        [
            ("F1", "Die Lieferung kam viel zu spät, der Service war unfreundlich.", "de"),
            ("F2", "Great prices and a quick checkout.", "en"),
            ("F3", "Bezahlung hat nicht funktioniert", None),
            ("F4", None, "en"),
        ],
    )
    first = _run(settings)
    # night 2: F2 re-delivered with another text, F5 new; F1, F3 and F4 unchanged
    _deliver(
        raw,
        "feedback_2026-09-02.csv",
        datetime(2026, 9, 2, 3),
        [
            ("F2", "The delivery was late and nobody answered the hotline.", "en"),
            ("F5", "Alles bestens!", "de"),
        ],
    )
    return settings, first, _run(settings)


def test_a_night_analyses_only_new_and_changed_items_and_equals_a_run_over_every_item(two_nights):
    settings, first, second = two_nights
    assert first["analysed"] == 4
    assert second["analysed"] == 2  # F2 (changed) and F5 (new)
    (settings.raw_dir / "_derived" / "_analysed" / "inputs.parquet").unlink()  # no record: every item again
    everything = _run(settings)
    assert everything["analysed"] == 5
    for name in OUTPUTS:
        assert_frame_equal(second[name], everything[name])
    # the changed item carries its new analysis, not the first night's
    f2 = second["feedback_sentiment"].filter(pl.col("feedback_id") == "F2").row(0, named=True)
    assert f2["sentiment_label"] == "negative"
    assert (
        first["feedback_sentiment"].filter(pl.col("feedback_id") == "F2")["sentiment_label"].item()
        == "positive"
    )


def test_a_changed_analysis_analyses_every_item_again(two_nights):
    settings, _, _ = two_nights
    record_path = settings.raw_dir / "_derived" / "_analysed" / "inputs.parquet"
    record = pl.read_parquet(record_path)
    assert record.schema == pl.Schema(INPUTS_SCHEMA)
    record.with_columns(analysis_version=pl.lit("an older analysis")).write_parquet(record_path)
    assert _run(settings)["analysed"] == 5


def test_a_run_that_dies_between_its_outputs_and_its_record_leaves_no_record(two_nights, monkeypatch):
    """The outputs of a run that dies before its record are not vouched for by the last record: the
    next run analyses every item again (a kill between the two writes, stood in for by an error)."""
    import pipeline.defs.voice.assets as voice_assets

    settings, _, second = two_nights
    record_path = settings.raw_dir / "_derived" / "_analysed" / "inputs.parquet"
    assert record_path.exists()

    def dies(*_args, **_kwargs):
        raise RuntimeError("killed after the outputs were written")

    monkeypatch.setattr(voice_assets, "analysed_inputs", dies)
    result = dg.materialize(
        [voice_assets.feedback_voice],
        instance=dg.DagsterInstance.ephemeral(),
        resources={"settings": settings},
        raise_on_error=False,
    )
    assert not result.success
    assert not record_path.exists()
    monkeypatch.undo()
    again = _run(settings)
    assert again["analysed"] == 5
    for name in OUTPUTS:
        assert_frame_equal(second[name], again[name])


def test_the_analysis_version_changes_with_any_file_of_the_analysis(tmp_path, monkeypatch):
    import shutil

    import pipeline.voice.reuse as reuse

    copy = tmp_path / "voice"
    shutil.copytree(reuse.VOICE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(reuse, "VOICE_DIR", copy)
    before = reuse.analysis_version()
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"bytecode")
    assert reuse.analysis_version() == before  # the bytecode cache is not the analysis
    (copy / "lexicons").mkdir()
    (copy / "lexicons" / "extra_de.txt").write_text("schlecht\n", encoding="utf-8")
    assert reuse.analysis_version() != before  # a data file in a subfolder is
