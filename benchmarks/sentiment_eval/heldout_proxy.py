"""Leave one held-out set out: for each earlier held-out set (15 to 19), train the
classifier on every other training set and corpus and score it — the estimate of what a fresh held-out
set will score that the training data can give before one is written.

    python -m benchmarks.sentiment_eval.heldout_proxy ['{"clause_words": false}' ...]

Each argument is a JSON object of parameters that replace ``train.FROZEN``'s; none: the frozen ones.
"""

from __future__ import annotations

import json
import sys

from benchmarks.sentiment_eval.learned_cv import accuracy, cross_validate
from pipeline.voice import train

HELD_OUT = train.HELDOUT_SETS


def main(argv: list[str] | None = None) -> None:
    variants = argv if argv is not None else sys.argv[1:]
    items = train.load_items()
    for variant in variants or ["{}"]:
        predicted = cross_validate(items, {**train.FROZEN, **json.loads(variant)}, HELD_OUT)
        scored = [(item, label) for item, label in zip(items, predicted, strict=True) if label]
        pooled = []
        for lang in ("de", "en"):
            right, total = accuracy([i for i, _ in scored], [p for _, p in scored], lang)
            pooled.append(f"{lang} {right}/{total} = {right / total:.1%}")
        per_set = {}
        for held in HELD_OUT:
            part = [(i, p) for i, p in scored if i.set_name == held]
            per_set[held] = [
                accuracy([i for i, _ in part], [p for _, p in part], lang)[0] for lang in ("de", "en")
            ]
        print(f"{variant}: {', '.join(pooled)}; right per set (de, en): {per_set}", flush=True)


if __name__ == "__main__":
    main()
