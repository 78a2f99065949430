"""Sentiment evaluation: label accuracy on the held-out labelled set, agreement with the customers' own
scores on the sample exports, and throughput on one core.

    python -m benchmarks.sentiment_eval [--labelled PATH] [--per-sentence OUT.csv] [--feedback PATH]
        [--throughput-items 50000] [--repeats 5] [--rules]

Uses exactly what the pipeline uses: ``pipeline.voice.learned.analyse`` (the rules' language detection,
score and fired rules as features; the learned classifier's label and score). ``--rules`` scores the
rules alone instead (``pipeline.voice.sentiment.analyse``, the product's scorer before voice round
five); the per-sentence output has both labels (``predicted``, ``rule_predicted``) either way.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import polars as pl
from scipy import stats

from pipeline.voice import learned, sentiment

HERE = Path(__file__).resolve().parent
SAMPLE_FEEDBACK = HERE.parents[1] / "seeds" / "sample_exports" / "feedback" / "survey_responses.csv"
LABELS = ("negative", "neutral", "positive")


def score_labelled(path: Path = HERE / "heldout_set3.csv", scorer=learned.analyse) -> pl.DataFrame:
    """The labelled set with the scorer's language (detected, not given), score and label, and the
    rules' own label (``rule_predicted``)."""
    labelled = pl.read_csv(path)
    results = [scorer(text) for text in labelled["text"]]
    rules = results if scorer is sentiment.analyse else [sentiment.analyse(text) for text in labelled["text"]]
    return labelled.with_columns(
        pl.Series("detected_language", [r[0] for r in results]),
        pl.Series("score", [r[1] for r in results]),
        pl.Series("predicted", [r[2] for r in results]),
        pl.Series("rule_predicted", [r[2] for r in rules]),
    )


def accuracy_table(scored: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    return (
        scored.group_by(by)
        .agg(
            items=pl.len(),
            accuracy=(pl.col("label") == pl.col("predicted")).mean(),
            language_detected=(pl.col("language") == pl.col("detected_language")).mean(),
        )
        .sort(by)
    )


def wilson_interval(correct: int, items: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of an accuracy of ``correct`` out of ``items`` (scipy's binomial test)."""
    interval = stats.binomtest(correct, items).proportion_ci(confidence_level=confidence, method="wilson")
    return float(interval.low), float(interval.high)


def score_sample(path: Path, scorer=learned.analyse) -> dict:
    """Spearman correlation of the sentiment score with CSAT and NPS on the sample exports, and how often
    the label agrees with the CSAT band (1-2 negative, 3 neutral, 4-5 positive; ``band_agreement``) and
    is positive on a CSAT of 1-2 (``positive_on_low_csat``): the customers' own verdict as a check."""
    feedback = pl.read_csv(path, infer_schema_length=0).with_columns(
        pl.col("csat").cast(pl.Float64, strict=False), pl.col("nps").cast(pl.Float64, strict=False)
    )
    feedback = feedback.filter(pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != ""))
    results = [scorer(t, lang) for t, lang in zip(feedback["text"], feedback["language"], strict=True)]
    feedback = feedback.with_columns(
        pl.Series("detected", [r[0] for r in results]),
        pl.Series("score", [r[1] for r in results]),
        pl.Series("predicted", [r[2] for r in results]),
    )
    out = {"items": len(feedback)}
    rated = feedback.filter(pl.col("csat").is_not_null()).with_columns(
        band=pl.when(pl.col("csat") <= 2)
        .then(pl.lit("negative"))
        .when(pl.col("csat") == 3)
        .then(pl.lit("neutral"))
        .otherwise(pl.lit("positive"))
    )
    out["band_agreement"] = (int((rated["band"] == rated["predicted"]).sum()), len(rated))
    out["positive_on_low_csat"] = int(
        ((rated["band"] == "negative") & (rated["predicted"] == "positive")).sum()
    )
    for lang in ("de", "en", None):
        part = feedback if lang is None else feedback.filter(pl.col("detected") == lang)
        key = lang or "all"
        for col in ("csat", "nps"):
            rated = part.filter(pl.col(col).is_not_null())
            rho = stats.spearmanr(rated["score"], rated[col]).statistic if len(rated) > 2 else float("nan")
            out[f"{key}_{col}"] = (len(rated), float(rho))
    return out


def throughput(texts: list[str], items: int, repeats: int, scorer=learned.analyse) -> list[float]:
    """Items per second of ``scorer`` (one process, one core), on ``items`` texts cycled from the
    given ones with a counter appended so that no per-text cache can help."""
    batch = [f"{texts[i % len(texts)]} ({i})" for i in range(items)]
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in batch:
            scorer(text)
        rates.append(items / (time.perf_counter() - started))
    return rates


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--labelled",
        type=Path,
        default=HERE / "heldout_set3.csv",
        help="labelled CSV (default: the held-out set)",
    )
    parser.add_argument(
        "--feedback", type=Path, default=SAMPLE_FEEDBACK, help="survey export (CSV) to correlate"
    )
    parser.add_argument(
        "--per-sentence", type=Path, help="write every sentence with its predicted label and score (CSV)"
    )
    parser.add_argument("--throughput-items", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rules", action="store_true", help="score the rules alone (sentiment.analyse)")
    args = parser.parse_args(argv)
    scorer = sentiment.analyse if args.rules else learned.analyse

    pl.Config.set_tbl_rows(100)  # the per-category tables in full
    scored = score_labelled(args.labelled, scorer)
    print(f"Labelled set {args.labelled.name}, scored by {scorer.__module__}.{scorer.__name__}")
    print(accuracy_table(scored, ["language"]))
    for lang in ("de", "en"):
        part = scored.filter(pl.col("language") == lang)
        if len(part):
            correct = int((part["label"] == part["predicted"]).sum())
            low, high = wilson_interval(correct, len(part))
            print(
                f"accuracy {lang}: {correct}/{len(part)} = {correct / len(part):.1%} "
                f"(95 % Wilson interval {low:.1%} - {high:.1%})"
            )
            if scorer is learned.analyse:
                rule_correct = int((part["label"] == part["rule_predicted"]).sum())
                low, high = wilson_interval(rule_correct, len(part))
                print(
                    f"  (the rules alone {lang}: {rule_correct}/{len(part)} = {rule_correct / len(part):.1%}, "
                    f"95 % Wilson interval {low:.1%} - {high:.1%})"
                )
    if "category" in scored.columns:
        print(accuracy_table(scored, ["language", "category"]))
    if args.per_sentence:
        scored.with_columns(correct=pl.col("label") == pl.col("predicted")).write_csv(args.per_sentence)
        print(f"per-sentence output: {args.per_sentence}")
    print(accuracy_table(scored, ["language", "phenomenon"]))
    print(accuracy_table(scored, ["language", "label"]))
    for lang in ("en", "de"):
        part = scored.filter(pl.col("language") == lang)
        confusion = part.group_by("label", "predicted").len().pivot("predicted", index="label", values="len")
        print(f"confusion ({lang}; rows = human label, columns = predicted):")
        print(confusion.sort("label").fill_null(0))
    wrong = scored.filter(pl.col("label") != pl.col("predicted"))
    print(f"misclassified ({len(wrong)}):")
    for row in wrong.iter_rows(named=True):
        print(
            f"  {row['item_id']} {row['label']:>8} -> {row['predicted']:<8} {row['score']:+.3f}  {row['text']}"
        )

    if args.feedback.exists():
        sample = score_sample(args.feedback, scorer)
        print(f"\nSample exports ({args.feedback.name}, {sample['items']} items with text): Spearman rho")
        for key in ("de", "en", "all"):
            (n_csat, r_csat), (n_nps, r_nps) = sample[f"{key}_csat"], sample[f"{key}_nps"]
            print(f"  {key:>3}: with CSAT {r_csat:+.3f} (n={n_csat}), with NPS {r_nps:+.3f} (n={n_nps})")
        agree, rated = sample["band_agreement"]
        print(
            f"  label agrees with the CSAT band (1-2 negative, 3 neutral, 4-5 positive): {agree}/{rated} = "
            f"{agree / rated:.1%}; positive label on CSAT 1-2: {sample['positive_on_low_csat']}"
        )

    rates = throughput(scored["text"].to_list(), args.throughput_items, args.repeats, scorer)
    print(
        f"\nThroughput ({scorer.__module__}.{scorer.__name__}, one process): median {statistics.median(rates):,.0f} items/s "
        f"(min {min(rates):,.0f}, max {max(rates):,.0f}, {args.repeats} runs of {args.throughput_items:,} items)"
    )
    print(
        f"language detection on the labelled set: {(scored['language'] == scored['detected_language']).mean():.1%}"
    )


if __name__ == "__main__":
    main()
