"""Evaluation of the learned pain/gain phrases (fct_learned_phrases) on a built warehouse.

    python -m benchmarks.sentiment_eval.learned_phrases [--build-db PATH]

1. Cross-validation against the customers' own scores: ``int_feedback_phrase_estimates`` holds, for
   every scored item of fold k, the satisfaction estimated from phrases learned without fold k (5
   folds, by a hash of the feedback id). Reported per language: Spearman rho of the estimate with the
   item's satisfaction, accuracy of the band (low / mid / high), the share of items that contain at
   least one usable phrase, and two baselines — always the most frequent band, and the lexicon scorer's
   sentiment (Spearman; band by its label: negative → low, neutral → mid, positive → high).
2. The hand-labelled sets: the phrases learned on all scored items of the warehouse (non-vetoed, pain or
   gain, min support met) applied to the sentences of ``dev_set*.csv`` / ``heldout_set3.csv``: the label
   is the sign of the mean score shift of the phrases a sentence contains (none: neutral). This says how
   far what the sample teaches carries to other wording.

Reads the warehouse only; writes nothing. The held-out set 4 is not read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import polars as pl
from scipy import stats

from pipeline.config import load_settings
from pipeline.voice.phrases import key_phrases

HERE = Path(__file__).resolve().parent
LABELLED = ("dev_set1.csv", "dev_set2.csv", "heldout_set3.csv", "dev_set5_hard.csv")


def cross_validation(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    cv = con.sql(
        """
        select e.language, e.satisfaction, e.satisfaction_band, e.estimated_satisfaction, e.estimated_band,
               e.phrases_used, s.sentiment_score, s.sentiment_label
        from intermediate.int_feedback_phrase_estimates e
        join marts.fct_feedback_sentiment s using (feedback_id)
        where e.held_out_fold >= 0
        """
    ).pl()
    rows = []
    for lang in ("de", "en"):
        part = cv.filter(pl.col("language") == lang)
        majority = (
            part["satisfaction_band"].value_counts().sort("count", descending=True)["satisfaction_band"][0]
        )
        lexicon_band = part["sentiment_label"].replace_strict(
            {"negative": "low", "neutral": "mid", "positive": "high"}, default=None
        )
        rows.append(
            {
                "language": lang,
                "items": len(part),
                "with_phrase": (part["phrases_used"] > 0).mean(),
                "rho_phrases": stats.spearmanr(
                    part["estimated_satisfaction"], part["satisfaction"]
                ).statistic,
                "band_acc_phrases": (part["estimated_band"] == part["satisfaction_band"]).mean(),
                "rho_lexicon": stats.spearmanr(part["sentiment_score"], part["satisfaction"]).statistic,
                "band_acc_lexicon": (lexicon_band == part["satisfaction_band"]).mean(),
                "band_acc_majority": (part["satisfaction_band"] == majority).mean(),
            }
        )
    return pl.DataFrame(rows)


def labelled_sets(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    usable = con.sql(
        """
        select language, phrase, score_shift from marts.fct_learned_phrases
        where not vetoed and polarity in ('pain', 'gain')
        """
    ).pl()
    shifts = {(r["language"], r["phrase"]): r["score_shift"] for r in usable.iter_rows(named=True)}
    rows = []
    for name in LABELLED:
        labelled = pl.read_csv(HERE / name)
        for row in labelled.iter_rows(named=True):
            found = [
                shifts[(row["language"], p.phrase)]
                for p in key_phrases(row["text"], row["language"])
                if (row["language"], p.phrase) in shifts
            ]
            mean = sum(found) / len(found) if found else 0.0
            predicted = "neutral" if not found else ("negative" if mean < 0 else "positive")
            rows.append({"set": name, "language": row["language"], "label": row["label"], "predicted": predicted,
                         "covered": bool(found)})  # fmt: skip
    return (
        pl.DataFrame(rows)
        .group_by("set", "language")
        .agg(
            items=pl.len(),
            covered=pl.col("covered").mean(),
            accuracy=(pl.col("label") == pl.col("predicted")).mean(),
            accuracy_where_covered=(pl.col("label") == pl.col("predicted")).filter(pl.col("covered")).mean(),
        )
        .sort("set", "language")
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build-db", type=Path, default=None, help="build warehouse (default: settings)")
    args = parser.parse_args(argv)
    build_db = args.build_db or load_settings().build_db
    con = duckdb.connect(str(build_db), read_only=True)
    pl.Config.set_tbl_cols(12)
    pl.Config.set_tbl_width_chars(200)
    print(f"Warehouse {build_db}")
    learned = con.sql(
        "select language, polarity, count(*) as phrases, sum(vetoed::int) as vetoed "
        "from marts.fct_learned_phrases group by all order by all"
    ).pl()
    print("fct_learned_phrases:")
    print(learned)
    print("\n5-fold cross-validation against the customers' own scores (satisfaction 0–1):")
    print(cross_validation(con))
    print(
        "\nPhrases learned on all scored items, applied to the hand-labelled sets (sign of the mean shift):"
    )
    print(labelled_sets(con))
    top = con.sql(
        "select language, polarity, phrase, support, round(score_shift, 3) as shift, covered_by_aspect "
        "from marts.fct_learned_phrases where polarity != 'unclear' and not vetoed "
        "qualify row_number() over (partition by language, polarity order by abs(score_shift) desc, phrase) <= 5 "
        "order by language, polarity, abs(score_shift) desc"
    ).pl()
    print("\nStrongest learned phrases per language and polarity:")
    print(top)


if __name__ == "__main__":
    main()
