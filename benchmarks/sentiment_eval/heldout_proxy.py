"""Leave one held-out set out: for each held-out set of voice rounds four and five (15, 16, 17), train the
classifier on every other training set and corpus and score it — the estimate of what a fresh held-out
set will score that the training data can give before one is written.

    python -m benchmarks.sentiment_eval.heldout_proxy ['{"clause_words": false}' ...]

Each argument is a JSON object of parameters that replace ``train.FROZEN``'s; none: the frozen ones.
"""

from __future__ import annotations

import json
import sys

from pipeline.voice import learned, train

HELD_OUT = ("heldout_set15", "heldout_set16", "heldout_set17")


def main(argv: list[str] | None = None) -> None:
    variants = argv if argv is not None else sys.argv[1:]
    items = train.load_items()
    for variant in variants or ["{}"]:
        params = {**train.FROZEN, **json.loads(variant)}
        correct = {"de": 0, "en": 0}
        total = {"de": 0, "en": 0}
        per_set = {}
        for held in HELD_OUT:
            model = learned.Model(train.fit([i for i in items if i.set_name != held], params))
            right = {"de": 0, "en": 0}
            for item in (i for i in items if i.set_name == held):
                hit = (
                    model.predict_text(item.text, item.rule_language, item.rule_score, list(item.fired))
                    == item.label
                )
                right[item.language] += hit
                total[item.language] += 1
            per_set[held] = f"de {right['de']}, en {right['en']}"
            for lang in right:
                correct[lang] += right[lang]
        pooled = ", ".join(
            f"{lang} {correct[lang]}/{total[lang]} = {correct[lang] / total[lang]:.1%}" for lang in correct
        )
        print(f"{variant}: {pooled}; per set right: {per_set}", flush=True)


if __name__ == "__main__":
    main()
