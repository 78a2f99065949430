"""Key phrases (pipeline/voice/phrases.py), the input of fct_learned_phrases and fct_emerging_topics:
expected phrases written out by hand."""

from pipeline.voice.phrases import key_phrases, split_compound


def phrases(text, language):
    return [p.phrase for p in key_phrases(text, language)]


def test_english_ngrams_drop_stop_words_keep_negations_and_stay_within_a_clause():
    assert phrases("The courier never rang, and the box was wet.", "en") == [
        "courier",
        "never",
        "rang",
        "courier never",
        "never rang",
        "courier never rang",
        "box",
        "wet",
        "box wet",
    ]


def test_german_compounds_split_before_a_known_head_noun():
    assert split_compound("größenfilter") == ("größen", "filter")
    assert split_compound("lieferzeit") == ("liefer", "zeit")
    assert split_compound("fahrer") == ("fahrer",)  # the head itself is not split
    assert split_compound("kundenservice-hotline") == ("kundenservice", "hotline")
    assert phrases("Der Größenfilter ist kaputt", "de") == [
        "größen",
        "filter",
        "kaputt",
        "größen filter",
        "filter kaputt",
        "größen filter kaputt",
    ]


def test_a_contrast_word_ends_the_ngrams():
    found = phrases("Schnelle Lieferung, aber falsche Größe", "de")
    assert "schnelle lieferung" in found and "falsche größe" in found
    assert "lieferung falsche" not in found


def test_each_phrase_once_per_item_with_the_curated_aspect_covering_it():
    found = key_phrases("Late delivery. Late delivery again!", "en")
    assert [p.phrase for p in found].count("late delivery") == 1
    aspects = {p.phrase: p.aspect for p in found}
    assert aspects["late delivery"] == "delivery"
    assert aspects["late"] is None


def test_empty_text_has_no_phrases():
    assert key_phrases(None, "en") == [] and key_phrases("", "de") == []


def test_pseudonyms_and_intensifiers_are_not_phrases():
    found = phrases(
        "Die Lieferung kam viel zu spät. Bitte rufen Sie mich an: <phone_645fb5a59d75bee88d663eb8>", "de"
    )
    assert not [p for p in found if "phone" in p or any(ch.isdigit() for ch in p)]
    assert "lieferung spät" in found and "viel" not in found
