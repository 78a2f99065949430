"""Named rule families of issue 23 (pipeline/voice/rules.py), on sentences written for these tests (not
taken from any evaluation set). Each case also names the rule that must fire, so the explanation is
tested along with the label."""

import pytest

from pipeline.voice.sentiment import analyse, explain
from tests.sentiment_sets import development_texts

CASES = [
    # implicit events
    ("en", "negative", "event:left_outside", "The box was dumped outside by the garage."),
    (
        "en",
        "negative",
        "event:promise_overdue",
        "You promised me an engineer on Tuesday and it is now Saturday.",
    ),
    (
        "en",
        "negative",
        "event:nobody_rang",
        "The courier didn't even ring, the slip was already in the letterbox.",
    ),
    ("en", "negative", "event:wrong_thing", "I got the wrong size for the second pair of boots."),
    ("en", "negative", "event:cut_off", "The agent hung up on me in the middle of my question."),
    ("en", "positive", "event:without_asking", "They upgraded my seat without me asking."),
    (
        "de",
        "negative",
        "event:promise_overdue",
        "Die Lieferung war für Montag zugesagt, heute ist Donnerstag.",
    ),
    ("de", "negative", "event:nth_contact", "Ich schreibe Ihnen jetzt zum dritten Mal wegen der Rechnung."),
    ("de", "negative", "event:wrong_item", "Anstatt der Sommerreifen kamen Winterreifen."),
    ("de", "negative", "event:no_show", "Der Handwerker ist am Samstag nicht aufgetaucht."),
    (
        "de",
        "positive",
        "event:unasked_goodwill",
        "Für die Verzögerung hat man mir unaufgefordert zehn Euro erstattet.",
    ),
    # sarcasm
    ("en", "negative", "sarcasm:sarcasm_opener", "Brilliant, my order got cancelled again."),
    ("en", "negative", "sarcasm:sarcasm_fixed", "Lovely shop, if you like queueing for forty minutes."),
    ("de", "negative", "sarcasm:sarcasm_opener", "Super, die Rechnung ist schon wieder falsch."),
    ("de", "negative", "sarcasm:sarcasm_fixed", "Na dann, danke für nichts."),
    # negated negatives
    ("en", "positive", "negated_negative:no_trouble", "Not a single glitch since the update."),
    ("de", "positive", "negated_negative:no_trouble", "Bisher noch nie Ärger mit den Lieferungen."),
    ("de", "positive", "negated_negative:nothing_wrong", "Nichts war zerkratzt, alles sauber verpackt."),
    # comparisons
    (
        "en",
        "negative",
        "comparison:old_was_better",
        "The previous website was far clearer than this redesign.",
    ),
    ("en", "positive", "comparison:better_than_elsewhere", "Quicker than any other shop I have tried."),
    (
        "de",
        "negative",
        "comparison:old_was_better",
        "Die frühere Kundenkarte war viel praktischer als die App.",
    ),
    ("de", "positive", "comparison:better_than_elsewhere", "Günstiger als bei der Konkurrenz im Nachbarort."),
]


@pytest.mark.parametrize(("language", "expected", "rule", "text"), CASES)
def test_rule_family(language, expected, rule, text):
    lang, _, label, fired = explain(text, language)
    assert lang == language
    assert rule in fired, fired
    assert label == expected


NEUTRAL_QUESTIONS = [
    ("en", "Which courier do you use for large items?"),
    ("en", "Can I collect the order from the Leeds store instead?"),
    ("de", "Welche Zahlungsarten bieten Sie für Firmenkunden an?"),
    ("de", "Gibt es den Tisch auch in Eiche?"),
]


@pytest.mark.parametrize(("language", "text"), NEUTRAL_QUESTIONS)
def test_information_questions_are_neutral(language, text):
    assert analyse(text, language)[2] == "neutral"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Why does nobody ever answer the phone?"),  # a why question is a complaint
        (
            "en",
            "Is it normal that my parcel still hasn't arrived after two weeks?",
        ),  # negated: not information
        ("de", "Warum hat sich bis heute niemand gemeldet?"),
    ],
)
def test_complaining_questions_stay_negative(language, text):
    assert analyse(text, language)[2] == "negative"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Great, the parcel came a day early."),  # a praising opener with good news is praise
        ("de", "Toll, das Paket war schon am Morgen da."),
    ],
)
def test_praise_opener_without_bad_news_stays_positive(language, text):
    _, _, label, fired = explain(text, language)
    assert label == "positive"
    assert not [name for name in fired if name.startswith("sarcasm:")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I ordered a sofa on Monday and paid by card."),
        ("de", "Ich habe die Rücksendung am Mittwoch in der Filiale abgegeben."),
    ],
)
def test_plain_facts_are_neutral(language, text):
    assert analyse(text, language)[2] == "neutral"


def test_deterministic():
    text = "Toll, schon wieder verspätet. Danke für nichts."
    first = explain(text, "de")
    assert all(explain(text, "de") == first for _ in range(3))
    assert first[2] == "negative" and "sarcasm:sarcasm_fixed" in first[3]


def test_every_match_contains_a_precheck_key():
    """The substring pre-check (rules.KEYS) may skip a rule only where its pattern cannot match: on every
    sentence of the development sets and of this file, each match contains one of the rule's keys."""
    from pipeline.voice.rules import RULES_DE, RULES_EN

    texts = [text for *_, text in CASES] + [text for _, text in NEUTRAL_QUESTIONS]
    texts += development_texts()
    matched = 0
    for rule in [*RULES_EN, *RULES_DE]:
        for text in texts:
            for match in rule.pattern.finditer(text):
                matched += 1
                assert any(key in match.group().lower() for key in rule.keys), (rule.name, match.group())
    assert matched > 50  # the check saw real matches
