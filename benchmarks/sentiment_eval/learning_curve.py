"""Learning curve of the learned sentence polarity on held-out set 15 (a development set since round
four): trained on the 14 sets of rounds one to three plus growing groups of training corpora, in the
order they arrived in voice round five, always without set 15; the frozen parameters (train.FROZEN).

    python -m benchmarks.sentiment_eval.learning_curve > benchmarks/results/sentiment_learning_curve.txt

One sentence of set 15 is 0.83 points per language: steps of about two points are noise.
"""

from __future__ import annotations

from pipeline.voice import learned, train

EARLIER = tuple(
    name
    for name in train.TRAINING_SETS
    if name.startswith(("dev_", "heldout_set3", "heldout_set4", "heldout_set6"))
)
STEPS = ("", "abe", "abce", "abcdeh", "abcdefgh", "abcdefghik", "abcdefghijklmn", "abcdefghijklmnpq")


def main() -> None:
    target = train.load_items(("heldout_set15",))
    print(
        f"trained without set 15 on the {len(EARLIER)} earlier sets plus the corpora named; scored on set 15"
    )
    for step in STEPS:
        corpora = tuple(f"train_corpus_{x}" for x in step if f"train_corpus_{x}" in train.TRAINING_SETS)
        if len(corpora) < len(step):
            continue
        items = train.load_items(EARLIER + corpora)
        model = learned.Model(train.fit(items, train.FROZEN))
        scores = []
        for lang in ("de", "en"):
            part = [i for i in target if i.language == lang]
            right = sum(
                model.predict_text(i.text, i.rule_language, i.rule_score, list(i.fired)) == i.label
                for i in part
            )
            scores.append(f"{lang} {right}/{len(part)} = {right / len(part):.1%}")
        print(f"  corpora [{step or '-'}] ({len(items)} sentences): {', '.join(scores)}", flush=True)


if __name__ == "__main__":
    main()
