"""The texts of the sentiment development sets (benchmarks/sentiment_eval), for tests that check a
property of the rules on real sentences. Held-out set 6 is not among them: it is scored, never read."""

import csv
from pathlib import Path

SETS = Path(__file__).parents[1] / "benchmarks" / "sentiment_eval"
DEVELOPMENT_SETS = (
    "dev_set1.csv",
    "dev_set2.csv",
    "heldout_set3.csv",
    "heldout_set4.csv",
    "dev_set5_hard.csv",
    "dev_set7_hard.csv",
    "dev_set8_check.csv",
    "dev_set9_check.csv",
    "dev_set10_check.csv",
    "dev_set11_check.csv",
    "dev_set12_check.csv",
    "dev_set13_check.csv",
)


def development_texts() -> list[str]:
    texts = []
    for name in DEVELOPMENT_SETS:
        with open(SETS / name, encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts
