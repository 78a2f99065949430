"""Score the PII scrubber on the labelled corpus: recall on phone numbers and e-mail addresses, false
positives on look-alikes, per group, and the misses and false positives themselves.

    python -m benchmarks.pii_eval [--corpus PATH] [--quiet]

Uses exactly what the pipeline uses: ``pipeline.ingest.pii.scrub_text_column`` on the corpus's texts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from benchmarks.pii_eval import CORPUS, KEY, evaluate, load_corpus
from pipeline.ingest import pii


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--quiet", action="store_true", help="figures only, not the misses")
    args = parser.parse_args()
    figures, rows = evaluate(lambda s: pii.scrub_text_column(s, KEY), load_corpus(args.corpus))
    print(f"corpus: {args.corpus.name}: {figures['pii_rows']} personal, {figures['clean_rows']} look-alikes")
    print(
        f"recall {figures['recall']:.4f} ({figures['caught']}/{figures['pii_rows']})   "
        f"false-positive rate {figures['false_positive_rate']:.4f} "
        f"({figures['false_positives']}/{figures['clean_rows']})"
    )
    with pl.Config(tbl_rows=60, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(
            rows.group_by("label", "kind", "group")
            .agg(rows=pl.len(), wrong=pl.col("outcome").is_in(["missed", "false_positive"]).sum())
            .sort("label", "kind", "group")
        )
    if not args.quiet:
        for row in rows.filter(pl.col("outcome").is_in(["missed", "false_positive"])).iter_rows(named=True):
            print(
                f"{row['outcome']:>14}  #{row['id']} [{row['group']}] {row['text']!r} -> {row['scrubbed']!r}"
            )


if __name__ == "__main__":
    main()
