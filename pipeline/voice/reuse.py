"""Each feedback item analysed once: a night analyses the items that are new or whose text or declared
language changed since the last run, and takes every other item's sentiment, aspect and phrase rows from
the last run's outputs. When the analysis itself changed (a file of pipeline/voice, the committed model,
or the asset that assembles the outputs), every item is analysed again.

What the last run analysed is kept beside its outputs (``inputs.parquet``: feedback id, a hash of the
text and declared language, the analysis version). A run removes it before it replaces the outputs and
writes it after them: a run that dies between the writes leaves no record, and the next one analyses
every item — a record is only ever beside the outputs it describes."""

from __future__ import annotations

import hashlib
import platform
from pathlib import Path

import polars as pl

VOICE_DIR = Path(__file__).resolve().parent
ASSET_FILE = VOICE_DIR.parent / "defs" / "voice" / "assets.py"
INPUTS_SCHEMA = {"feedback_id": pl.String, "input_hash": pl.String, "analysis_version": pl.String}


def analysis_version() -> str:
    """A fingerprint of what turns a text into the outputs: every file under pipeline/voice (modules,
    model, any data file, in subfolders too; not the bytecode cache), the asset that assembles the rows,
    and the versions of Python (its `re` Unicode tables) and polars that run them."""
    digest = hashlib.sha256(f"python {platform.python_version()} polars {pl.__version__}".encode())
    files = {
        p.relative_to(VOICE_DIR).as_posix(): p
        for p in VOICE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.relative_to(VOICE_DIR).parts
    }
    files["../defs/voice/assets.py"] = ASSET_FILE
    for name, path in sorted(files.items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _input_hash(text: str | None, language: str | None) -> str:
    # a null and an empty value hash apart (\x00 marks a null); \x1f separates the two fields
    parts = ("\x00" if value is None else "\x01" + value for value in (language, text))
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def with_input_hash(feedback: pl.DataFrame) -> pl.DataFrame:
    """``feedback`` (feedback_id, text, language) with input_hash: what an item's analysis depends on."""
    hashes = [
        _input_hash(text, language)
        for text, language in zip(feedback["text"].to_list(), feedback["language"].to_list(), strict=True)
    ]
    return feedback.with_columns(pl.Series("input_hash", hashes, dtype=pl.String))


def analysed_inputs(feedback: pl.DataFrame, version: str) -> pl.DataFrame:
    """The record of this run: each item's id and input hash, and the analysis version."""
    return feedback.select("feedback_id", "input_hash").with_columns(
        pl.lit(version, dtype=pl.String).alias("analysis_version")
    )


def reusable(feedback: pl.DataFrame, previous: pl.DataFrame | None, version: str) -> pl.Series:
    """Ids of ``feedback`` (with input_hash) whose last analysis can be kept: the last run's record
    (``previous``, None when there is none) lists the same id with the same input under this version."""
    if previous is None:
        return pl.Series("feedback_id", [], dtype=pl.String)
    same = previous.filter(pl.col("analysis_version") == version).select("feedback_id", "input_hash")
    return feedback.join(same, on=["feedback_id", "input_hash"], how="semi")["feedback_id"]


def merged(previous: pl.DataFrame, new: pl.DataFrame, reused: pl.Series) -> pl.DataFrame:
    """One output: the last run's rows of the ``reused`` items and this run's rows of the items analysed
    now, ordered by feedback id with each item's rows in the order they were made (as a run that
    analyses every item writes them)."""
    if reused.is_empty():  # nothing kept: the last run's columns may be those of an older analysis
        return new.sort("feedback_id", maintain_order=True)
    kept = previous.filter(pl.col("feedback_id").is_in(reused.implode()))
    return pl.concat([kept.select(new.columns), new]).sort("feedback_id", maintain_order=True)
