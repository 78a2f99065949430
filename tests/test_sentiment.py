"""Rules of the offline sentiment scorer in both languages."""

import pytest

from pipeline.voice.aspects import extract_aspects
from pipeline.voice.sentiment import analyse, detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [("Die Lieferung war sehr schnell", "de"), ("The delivery was quick", "en"), ("", "unknown")],
)
def test_language_detection(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Das war gut", "positive"),
        ("Das war nicht gut", "negative"),
        ("Kein Problem, alles bestens geklappt", "positive"),
        ("Der Service war schlecht", "negative"),
        ("That was not bad at all", "positive"),
        ("The support was terrible", "negative"),
        ("Die Beratung war freundlich, aber die Lieferung kam viel zu spät", "negative"),
        ("The price is high but the service was excellent", "positive"),
        ("Eine Lieferverspätung nach der anderen", "negative"),
        ("Alles super 😍", "positive"),
    ],
)
def test_labels(text, label):
    assert analyse(text)[2] == label


def test_intensifier_and_exclamation_strengthen():
    plain = analyse("Die Lieferung war gut", "de")[1]
    assert analyse("Die Lieferung war sehr gut", "de")[1] > plain
    assert analyse("Die Lieferung war gut!!", "de")[1] > plain


def test_aspects_in_both_languages():
    assert extract_aspects("Die Sendungsverfolgung hat nicht funktioniert") == ["delivery"]
    assert set(extract_aspects("My card payment failed and I waited on hold")) == {"payment", "waiting time"}
