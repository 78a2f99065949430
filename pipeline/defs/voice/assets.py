"""Sentiment and aspects of every feedback item, computed offline on the raw zone before dbt."""

import time
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline import atomic
from pipeline.config import Settings
from pipeline.defs.shared import stage
from pipeline.ingest.latest import COPY_ORDER, latest_copy
from pipeline.voice.aspects import AspectMention, aspect_clauses
from pipeline.voice.learned import analyse
from pipeline.voice.phrases import Phrase, key_phrases
from pipeline.voice.reuse import analysed_inputs, analysis_version, merged, reusable, with_input_hash

ASPECT_SCHEMA = dict(zip(AspectMention._fields, (pl.String, pl.Int32, pl.Float64, pl.String), strict=True))
PHRASE_SCHEMA = dict(zip(Phrase._fields, (pl.String, pl.Int8, pl.String), strict=True))
OUTPUTS = ("feedback_sentiment", "feedback_aspects", "feedback_phrases")
# what the last run analysed (pipeline.voice.reuse); not under an output's folder, which dbt reads whole
INPUTS_RECORD = Path("_derived") / "_analysed" / "inputs.parquet"


def latest_feedback(raw_dir: Path) -> pl.DataFrame:
    """feedback_id, text and language of each feedback item in the raw zone, sorted by id: of an item
    delivered more than once, the copy stg_feedback__responses keeps (pipeline.ingest.latest)."""
    files = sorted((raw_dir / "feedback").glob("*.parquet"))
    if not files:
        return pl.DataFrame(schema={"feedback_id": pl.String, "text": pl.String, "language": pl.String})
    copies = pl.read_parquet(files, columns=["feedback_id", "text", "language", *COPY_ORDER])
    return latest_copy(copies, "feedback_id").select("feedback_id", "text", "language").sort("feedback_id")


def last_run(raw_dir: Path) -> dict[str, pl.DataFrame] | None:
    """The last run's outputs and its record of what it analysed, or None when one of them is missing
    (a new warehouse, or a run from before the record existed): then every item is analysed."""
    paths = {name: raw_dir / "_derived" / name / "all.parquet" for name in OUTPUTS}
    paths["inputs"] = raw_dir / INPUTS_RECORD
    if not all(path.exists() for path in paths.values()):
        return None
    return {name: pl.read_parquet(path) for name, path in paths.items()}


def analysed(feedback: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The three outputs of ``feedback`` (feedback_id, text, language), one Python call per item."""
    results = [
        analyse(t, lang)
        for t, lang in zip(feedback["text"].to_list(), feedback["language"].to_list(), strict=True)
    ]
    sentiment = feedback.select("feedback_id").with_columns(
        pl.Series("language", [r[0] for r in results], dtype=pl.String),
        pl.Series("sentiment_score", [r[1] for r in results], dtype=pl.Float64),
        pl.Series("sentiment_label", [r[2] for r in results], dtype=pl.String),
    )
    items = list(zip(feedback["feedback_id"].to_list(), feedback["text"].to_list(), results, strict=True))
    # each aspect takes the sentiment of the clause that names it, scored in the item's language
    aspects = pl.DataFrame(
        [
            (feedback_id, *mention)
            for feedback_id, text, result in items
            for mention in aspect_clauses(text, result[0], result[1:])
        ],
        schema={"feedback_id": pl.String, **ASPECT_SCHEMA},
        orient="row",
    )
    phrases = pl.DataFrame(
        [
            (feedback_id, result[0], *phrase)
            for feedback_id, text, result in items
            for phrase in key_phrases(text, result[0])
        ],
        schema={"feedback_id": pl.String, "language": pl.String, **PHRASE_SCHEMA},
        orient="row",
    )
    return {"feedback_sentiment": sentiment, "feedback_aspects": aspects, "feedback_phrases": phrases}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["derived", "feedback_sentiment"],
            group_name="ingest",
            kinds={"python", "parquet"},
            owners=["team:data-engineering"],
            deps=[dg.AssetKey(["raw", "feedback"])],
            description="Language (de/en/unknown), sentiment score in [-1, 1] and label per feedback "
            "item from one model: the learned classifier (pipeline/voice/learned.py) over the rules' "
            "outputs and the words; score = P(positive) - P(negative), label = the most probable class.",
        ),
        dg.AssetSpec(
            ["derived", "feedback_aspects"],
            group_name="ingest",
            kinds={"python", "parquet"},
            owners=["team:data-engineering"],
            deps=[dg.AssetKey(["raw", "feedback"])],
            description="Aspects (delivery, payment, waiting time, …) each clause of a feedback item "
            "mentions, with that clause's sentiment score and label: one row per aspect and clause.",
        ),
        dg.AssetSpec(
            ["derived", "feedback_phrases"],
            group_name="ingest",
            kinds={"python", "parquet"},
            owners=["team:data-engineering"],
            deps=[dg.AssetKey(["raw", "feedback"])],
            description="Key phrases of each feedback item (1–3 normalised tokens, stop words removed, "
            "German compounds split before known head nouns), with the curated aspect that covers each: "
            "one row per item and distinct phrase; the input of fct_learned_phrases and fct_emerging_topics.",
        ),
    ],
)
def feedback_voice(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    cfg = settings
    with stage(context, "voice") as record:
        feedback = with_input_hash(latest_feedback(cfg.raw_dir))
        version = analysis_version()
        previous = last_run(cfg.raw_dir)
        # an item analysed before from the same text and language keeps its rows (pipeline.voice.reuse)
        reused = reusable(feedback, previous["inputs"] if previous else None, version)
        todo = feedback.filter(~pl.col("feedback_id").is_in(reused.implode()))
        started = time.perf_counter()
        outputs = analysed(todo)
        elapsed = time.perf_counter() - started
        if previous is not None:
            outputs = {name: merged(previous[name], frame, reused) for name, frame in outputs.items()}
        # the record goes before the outputs are replaced and comes back after them: a run that dies in
        # between leaves none, and the next run analyses every item (a record left in place would vouch
        # for outputs this run half replaced, and a later run could reuse them for an input or an
        # analysis that went back to the recorded one)
        (cfg.raw_dir / INPUTS_RECORD).unlink(missing_ok=True)
        for name, frame in outputs.items():
            atomic.write_parquet(frame, cfg.raw_dir / "_derived" / name / "all.parquet")
        atomic.write_parquet(analysed_inputs(feedback, version), cfg.raw_dir / INPUTS_RECORD)
        sentiment, aspects, phrases = (outputs[name] for name in OUTPUTS)
        record.rows_processed = len(todo)
        record.detail = f"{len(todo)} feedback items analysed, {len(reused)} kept from the last run"
    context.log.info(
        f"analysed {len(todo)} feedback items in {elapsed:.2f}s; kept {len(reused)} from the last run"
    )
    labels = sentiment["sentiment_label"].value_counts().to_dicts()
    yield dg.MaterializeResult(
        asset_key=["derived", "feedback_sentiment"],
        metadata={
            "items": len(sentiment),
            "items_analysed": len(todo),
            "items_per_second": round(len(todo) / max(elapsed, 1e-9), 1),
            "labels": dg.MetadataValue.json({d["sentiment_label"]: d["count"] for d in labels}),
        },
    )
    yield dg.MaterializeResult(asset_key=["derived", "feedback_aspects"], metadata={"mentions": len(aspects)})
    yield dg.MaterializeResult(asset_key=["derived", "feedback_phrases"], metadata={"phrases": len(phrases)})
