"""The learned sentence polarity (pipeline/voice/learned.py, pipeline/voice/train.py): the committed
model loads and is what training writes, features of a hand-checked sentence, the fast inference path
equals the plain one, and a model trained without the two sets the rules never saw beats them there."""

import pytest

from pipeline.voice import learned, train
from pipeline.voice.sentiment import analyse
from tests.sentiment_sets import SETS


def test_the_committed_model_loads():
    model = learned.load()
    assert model.config == {key: train.FROZEN[key] for key in train.CONFIG_KEYS}
    assert len(model.intercept) == 3
    assert len(model.weights) > 1000
    assert all(len(w) == 3 for w in model.weights.values())


def test_training_is_deterministic_and_wrote_the_committed_file(tmp_path):
    """Training on the committed sets gives the committed file, byte for byte (the file was written by
    an earlier training run: the same bytes again means training is deterministic)."""
    out = tmp_path / "model.json"
    train.main(["--out", str(out)])
    assert out.read_bytes() == learned.MODEL_PATH.read_bytes()


def test_training_sets_are_the_labelled_development_sets_and_corpora():
    import csv
    import json

    model = learned.load()
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["training_sets"] == sorted(train.TRAINING_SETS)
    # sets 16 to 19 (each scored once by a freeze) joined training after their scoring; set 20 is the
    # held-out set of the model trained with them
    assert {"heldout_set16", "heldout_set17", "heldout_set18", "heldout_set19"} <= set(data["training_sets"])
    assert not any("set20" in name for name in data["training_sets"])
    corpora = [name for name in train.TRAINING_SETS if name.startswith("train_corpus_")]
    assert len(corpora) == 22
    # the 14 sets of voice rounds one to three (6 x 240 + 120 + 168 + 60 + 72 + 72 + 72 + 60 + 60 + 84),
    # held-out sets 15 to 19 (240 each) and 22 corpora of 600
    assert data["training_items"] == 1968 + 5 * 240 + 22 * 600
    rows = 0
    for name in train.TRAINING_SETS:
        with open(SETS / f"{name}.csv", encoding="utf-8") as f:
            rows += sum(1 for _ in csv.DictReader(f))
    assert rows == data["training_items"]
    assert model.config["rules"] is True


def test_features_of_a_hand_checked_sentence():
    """'Nicht gut!' in German with a rule score of -0.35 and one fired rule, words 1-2, character
    trigrams, rule weight 3: every feature written out by hand."""
    config = {"rules": True, "word_ngrams": 2, "char_ngrams": [3, 3], "rule_weight": 3.0}
    feats = learned.features("Nicht gut!", "de", -0.35, ["event:left_outside"], config)
    expected = {
        "lang=de": 1.0,
        "de:rule_neg": pytest.approx(1.05),
        "de:rule_label=negative": 1.0,
        "fired=event:left_outside": 1.0,
        "family=event": 1.0,
        "w=nicht": 1.0,
        "w=gut": 1.0,
        "w=!": 1.0,
        "w=<s> nicht": 1.0,
        "w=nicht gut": 1.0,
        "w=gut !": 1.0,
        "w=! </s>": 1.0,
        "c= ni": 1.0,
        "c=nic": 1.0,
        "c=ich": 1.0,
        "c=cht": 1.0,
        "c=ht ": 1.0,
        "c= gu": 1.0,
        "c=gut": 1.0,
        "c=ut ": 1.0,
    }
    assert feats == expected


def test_a_character_ngram_counts_the_distinct_words_that_contain_it():
    config = {"rules": False, "word_ngrams": 1, "char_ngrams": [3, 3], "rule_weight": 1.0}
    feats = learned.features("gut gut, gutes", "de", 0.0, [], config)
    assert feats["c=gut"] == 2.0  # "gut" (twice, one distinct word) and "gutes"
    assert feats["c= gu"] == 2.0
    assert feats["c=ut "] == 1.0
    assert "de:rule_label=neutral" not in feats  # rules off


@pytest.mark.parametrize(
    "config",
    [
        {},  # the shipped model's own
        {"word_ngrams": 1, "char_ngrams": None},
        {"rules": False, "clause_words": False},
        {"word_ngrams": 0, "char_ngrams": [2, 4], "rule_weight": -1.0},
    ],
)
def test_fast_inference_equals_the_plain_sum_on_the_development_sets(config):
    import csv
    import json

    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    data["config"] = {**data["config"], **config}
    model = learned.Model(data)
    texts = []
    for name in ("dev_set2", "heldout_set17"):
        with open(SETS / f"{name}.csv", encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    # repeated tokens, numbers, punctuation and emoji only, one clause and several
    texts += ["gut gut gut!!! 12345 ?", "😡😡", "Nie wieder, aber danke. Lieferung 3 Tage zu spät, 3 Tage!"]
    for text in texts:
        language, value, _, fired = learned.rule_outputs(text)
        plain = model.decision(learned.features(text, language, value, fired, model.config))
        fast = model.decide(text, language, value, fired)
        assert fast == pytest.approx(plain, abs=1e-9)


def test_analyse_keeps_the_rules_language_and_gives_one_models_label_and_score():
    """The language is the rules' (detection); label and score come from the classifier's probabilities:
    the score is P(positive) - P(negative) of the same decision whose largest class is the label."""
    model = learned.load()
    for text in (
        "Die Lieferung kam viel zu spät.",
        "Thanks, the agent sorted it in minutes.",
        "Wo ist Filiale 3?",
    ):
        language, value, _, fired = learned.rule_outputs(text)
        learned_language, score, label = learned.analyse(text)
        assert learned_language == analyse(text)[0] == language
        negative, neutral, positive = model.probabilities(
            learned.features(text, language, value, fired, model.config)
        )
        assert score == pytest.approx(positive - negative, abs=1e-4)
        assert label == learned.CLASSES[max(range(3), key=[negative, neutral, positive].__getitem__)]
    assert learned.analyse("   ") == ("unknown", 0.0, "neutral")


@pytest.mark.parametrize(
    ("decision", "score", "label"),
    [
        # hand-computed softmax: exp(0)=1, exp(1)=e, exp(2)=e^2; sum 1 + e + e^2 = 11.1073
        ((0.0, 1.0, 2.0), round((7.3891 - 1.0) / 11.1073, 4), "positive"),
        ((2.0, 1.0, 0.0), round((1.0 - 7.3891) / 11.1073, 4), "negative"),
        # neutral most probable: the score still carries the lean between the other two
        ((0.0, 3.0, 1.0), round((2.7183 - 1.0) / (1.0 + 20.0855 + 2.7183), 4), "neutral"),
        ((1.0, 1.0, 1.0), -0.0001, "negative"),  # an exact tie goes to the first class, as numpy's argmax
        # near ties of positive and negative: P(pos) - P(neg) ~ 5e-7 rounds to 0.0; the score keeps the
        # label's sign (the defect that kept the classifier out of the product in round four: label and
        # score disagreeing in sign)
        ((0.0, -5.0, 1e-6), 0.0001, "positive"),
        ((1e-6, -5.0, 0.0), -0.0001, "negative"),
    ],
)
def test_polarity_of_a_decision(decision, score, label):
    assert learned.polarity(decision) == (pytest.approx(score, abs=1e-4), label)


def test_a_model_trained_without_sets_6_and_14_beats_the_rules_on_them():
    """Held-out set 6 and check set 14 are the two sets the rules were never tuned on: set 6 was scored
    once with the frozen rules of voice round three (84/120 de, 82/120 en,
    benchmarks/results/sentiment_eval_heldout_set6.txt), set 14 once with the final rules (26/42, 29/42,
    sentiment_eval_dev_set14_check_voice3_final.txt). A model trained on the other 12 sets, given today's
    rule outputs on them (as in the product), must beat the rules by at least 5 sentences per language
    (of 162); the expected labels are the hand labels."""
    import csv

    held = ("heldout_set6", "dev_set14_check")
    names = tuple(name for name in train.TRAINING_SETS if name not in held)
    model = learned.Model(train.fit(train.load_items(names), train.FROZEN))
    correct = {"de": 0, "en": 0}
    rules_correct = {"de": 0, "en": 0}
    for name in held:
        with open(SETS / f"{name}.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                language, value, rule_label, fired = learned.rule_outputs(row["text"])
                correct[row["language"]] += (
                    model.predict_text(row["text"], language, value, fired) == row["label"]
                )
                rules_correct[row["language"]] += rule_label == row["label"]
    assert rules_correct == {"de": 84 + 26, "en": 82 + 29}  # the published figures of the rules
    assert correct["de"] >= rules_correct["de"] + 5
    assert correct["en"] >= rules_correct["en"] + 5


# Plainly worded feedback, written for this test (in no labelled set, corpus or the sample exports):
# the kind most survey comments are. The classifier of 452fac7, trained on hard sentences only, read
# plain complaints as positive on the sample; these must be read as a reader reads them.
PLAIN = [
    ("Der Versand hat viel zu lange gedauert.", "negative"),
    ("Die Ware kam beschädigt an, sehr ärgerlich.", "negative"),
    ("Unfreundliche Beratung im Laden, nie wieder.", "negative"),
    ("Die Rückerstattung dauert jetzt schon drei Wochen, das ist inakzeptabel.", "negative"),
    ("Schnelle Lieferung, alles bestens, danke!", "positive"),
    ("Sehr nette Mitarbeiterin an der Kasse.", "positive"),
    ("Top Qualität zu einem fairen Preis.", "positive"),
    ("Ich habe zwei Artikel per Rechnung bestellt.", "neutral"),
    ("Wann öffnet die Filiale am Samstag?", "neutral"),
    ("Shipping took far too long this time.", "negative"),
    ("Awful customer service, nobody called me back.", "negative"),
    ("The jacket fell apart after one wash, very poor quality.", "negative"),
    ("My refund still hasn't arrived, this is unacceptable.", "negative"),
    ("Great service, the parcel arrived a day early.", "positive"),
    ("Very friendly and helpful staff.", "positive"),
    pytest.param(
        "Excellent quality, I will order again.",
        "positive",
        marks=pytest.mark.xfail(
            strict=True,
            reason="the rules' sarcasm opener fires (praise before 'again') and the classifier follows it",
        ),
    ),
    ("I ordered the blue one in size M and paid by invoice.", "neutral"),
    ("Is the branch near the station open on public holidays?", "neutral"),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN)
def test_plainly_worded_feedback_is_read_as_written(text, expected):
    assert learned.analyse(text)[2] == expected


def test_sample_weights_count_plain_corpora_and_scored_held_out_sets_by_their_parameters():
    """Hand-listed: a plain corpus item counts plain_weight times, an item of a scored held-out set
    (15-19) heldout_weight times, any other item (a rule-round set, a hard corpus) once; an absent
    parameter counts 1."""

    def item(set_name: str) -> train.Item:
        return train.Item(set_name, "x", "de", "neutral", "text", "de", 0.0, "neutral", ())

    items = [
        item(name)
        for name in ("train_corpus_p", "heldout_set15", "heldout_set19", "heldout_set4", "train_corpus_a")
    ]
    assert train.sample_weights(items, {"plain_weight": 6.0, "heldout_weight": 2.0}) == [
        6.0,
        2.0,
        2.0,
        1.0,
        1.0,
    ]
    assert train.sample_weights(items, {}) == [1.0, 1.0, 1.0, 1.0, 1.0]
