"""The texts of the sentiment development sets (benchmarks/sentiment_eval), for tests that check a
property of the rules on real sentences. Held-out set 6 is not among them: it is scored, never read."""

import csv
from pathlib import Path

from pipeline.voice.train import TRAINING_SETS

SETS = Path(__file__).parents[1] / "benchmarks" / "sentiment_eval"
# the sets the rules were developed on: every training set of the learned classifier but those the rules
# never saw (set 6, scored once; check set 14, written after the last rule; set 15 and the training
# corpora of voice round five, written after the rules were frozen)
DEVELOPMENT_SETS = tuple(
    f"{name}.csv"
    for name in TRAINING_SETS
    if name not in ("heldout_set6", "dev_set14_check", "heldout_set15")
    and not name.startswith("train_corpus_")
)


def development_texts() -> list[str]:
    texts = []
    for name in DEVELOPMENT_SETS:
        with open(SETS / name, encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts
