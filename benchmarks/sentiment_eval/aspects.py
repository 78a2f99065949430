"""Aspect polarity per clause: accuracy on a hand-labelled set of mixed sentences.

    python -m benchmarks.sentiment_eval.aspects [--labelled PATH]

Each row of the set is (sentence, aspect, polarity a reader gives the aspect). The pipeline's answer is
``aspects.polarity_sides(aspects.aspect_clauses(text, language, item))``; the baseline is what the pipeline
did before: every aspect of the item takes the item's label (``learned.analyse``). Only aspects both
the reader and the dictionary name are scored; the others are listed as extraction differences.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from pipeline.voice.aspects import aspect_clauses, polarity_sides
from pipeline.voice.learned import analyse
from pipeline.voice.sentiment import split_clauses

HERE = Path(__file__).resolve().parent


def score_aspects(path: Path) -> tuple[pl.DataFrame, list[str]]:
    labelled = pl.read_csv(path)
    rows, differences = [], []
    for (item_id, language, text), group in labelled.group_by(
        ["item_id", "language", "text"], maintain_order=True
    ):
        resolved, score, item_label = analyse(text, language)
        predicted = polarity_sides(aspect_clauses(text, resolved, (score, item_label)))
        named = set(group["aspect"])
        if named != set(predicted):
            differences.append(f"  {item_id}: reader {sorted(named)}, dictionary {sorted(predicted)}")
        for aspect, polarity in zip(group["aspect"], group["polarity"], strict=True):
            if aspect in predicted:
                rows.append(
                    {
                        "item_id": item_id,
                        "language": language,
                        "aspect": aspect,
                        "expected": polarity,
                        "per_clause": predicted[aspect],
                        "whole_item": item_label,
                        "clauses": " | ".join(split_clauses(text, resolved)),
                    }
                )
    return pl.DataFrame(rows), differences


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labelled", type=Path, default=HERE / "aspect_clauses_heldout.csv")
    args = parser.parse_args(argv)
    scored, differences = score_aspects(args.labelled)
    print(
        f"Labelled set {args.labelled.name}: {scored['item_id'].n_unique()} sentences, {len(scored)} aspects"
    )
    table = (
        scored.group_by("language")
        .agg(
            aspects=pl.len(),
            per_clause=(pl.col("per_clause") == pl.col("expected")).sum(),
            whole_item=(pl.col("whole_item") == pl.col("expected")).sum(),
        )
        .sort("language")
    )
    for row in [
        *table.iter_rows(named=True),
        {"language": "all", **table.drop("language").sum().row(0, named=True)},
    ]:
        n = row["aspects"]
        print(
            f"  {row['language']:>3}: per clause {row['per_clause']}/{n} = {row['per_clause'] / n:.1%}; "
            f"whole item (before) {row['whole_item']}/{n} = {row['whole_item'] / n:.1%}"
        )
    wrong = scored.filter(pl.col("per_clause") != pl.col("expected"))
    print(f"per-clause errors ({len(wrong)}):")
    for row in wrong.iter_rows(named=True):
        print(
            f"  {row['item_id']} {row['aspect']}: {row['expected']} -> {row['per_clause']}   [{row['clauses']}]"
        )
    print(f"extraction differences ({len(differences)}, not scored):")
    print("\n".join(differences))


if __name__ == "__main__":
    main()
