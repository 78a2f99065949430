"""Named rules for feedback as customers really write it (issue 23, round four), English and German.

Four families, each rule with a name so that a score can be explained (``explain``):

* ``event``: what happened to the customer, in words without tone of their own — left in the rain, a
  promised callback that did not come by the day named, the n-th contact, a wrong item, money not
  back, nobody rang, a chat cut off / carried upstairs, sent a replacement before the return arrived,
  refunded without being asked. Added to the raw valence like the phrase rules of ``cues`` (a negation
  within three words before flips them, a contrast word weights them).
* ``negated_negative``: a negation governing a word of trouble further away than the word rules look
  ("never had a single problem", "nichts war beschädigt", "nichts auszusetzen") reads positive.
* ``comparison``: better than another shop (positive), the old version was better / it used to be
  faster (negative), mentioning the competitor (usually unfavourable).
* ``sarcasm`` (applied after the sum): a praising opener followed by a clause that is negative or
  reports a repetition ("Great, the app crashed at checkout again", "Toll, schon wieder verspätet")
  takes the rest's score made more negative; praise with a mocking condition ("Fantastic service, if
  you enjoy waiting on hold") and fixed phrases ("thanks for nothing", "danke für nichts") turn the
  score negative.
* ``question`` (applied after the sum): an information question ("Which payment methods do you
  accept?", "Wann hat die Filiale geöffnet?") is neutral unless it contains a negation or a negative
  event; "why" questions are left alone (they are usually complaints).

Values are on VADER's -4..+4 scale; the tables are in ``rule_tables`` (data). Everything is regular
expressions over the text: deterministic, no state, no downloads.
"""

from __future__ import annotations

import re

from pipeline.voice.rule_tables import (
    IF_CLAUSE,
    KEYS,
    MIDDLING,
    QUESTION_NEGATION,
    QUESTION_OPENER,
    REPETITION,
    RULES_DE,
    RULES_EN,
    SARCASM_CLOSER,
    SARCASM_EXTRA,
    SARCASM_FIXED,
    SARCASM_MARKER,
    SARCASM_OPENER,
    Rule,
)

__all__ = ["KEYS", "RULES_DE", "RULES_EN", "SARCASM_EXTRA", "Rule", "rules_for", "sarcasm"]


def is_middling(text: str, language: str) -> bool:
    lang = "de" if language == "de" else "en"
    return bool(MIDDLING[lang].search(text)) and not has_open_problem(text, lang)


def has_open_problem(text: str, language: str) -> bool:
    return any(rule.pattern.search(text) for rule in _OPEN[language])


def has_negative_event(text: str, language: str) -> bool:
    """A named event, broken promise or open problem of negative value in ``text`` (a question that states
    a failure is a complaint, not a request for information)."""
    lower = text.lower()
    return any(
        any(key in lower for key in rule.keys) and rule.pattern.search(text)
        for rule in _NEGATIVE_EVENTS[language]
    )


def rules_for(language: str) -> list[Rule]:
    return RULES_DE if language == "de" else RULES_EN


def sarcasm(text: str, language: str) -> tuple[str | None, str | None]:
    """(rule name, rest of the item to score) for a sarcastic item, (None, None) otherwise. The opener
    rule needs the rest to be scored: it only applies if the rest is negative or reports a repetition
    (the caller decides with the rest's score)."""
    lang = "de" if language == "de" else "en"
    if SARCASM_FIXED[lang].search(text):
        return "sarcasm_fixed", None
    if SARCASM_MARKER[lang].search(text):
        return "sarcasm_marker", None
    match = SARCASM_OPENER[lang].match(text)
    if match:
        groups = match.groupdict()
        rest = next((value for value in groups.values() if value), None)
        # praise, then "but …": a mixed comment weighed by the contrast rules, not sarcasm
        if rest and _CONTRAST[lang].search(rest):
            return None, None
        return "sarcasm_opener", rest
    # praise closing a report of bad news ("Three calls and nobody knows anything, impressive."): the same test,
    # the report must score negative or repeat
    match = SARCASM_CLOSER[lang].match(text)
    if match and not _CONTRAST[lang].search(match.group("rest")):
        return "sarcasm_opener", match.group("rest")
    return None, None


_CONTRAST = {
    "en": re.compile(r"\b(?:but|however|although|though|yet|except)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:aber|jedoch|doch|allerdings|trotzdem|obwohl|nur dass)\b", re.IGNORECASE),
}


def repeats(text: str, language: str) -> bool:
    return bool(REPETITION["de" if language == "de" else "en"].search(text))


def is_information_question(text: str, language: str) -> bool:
    """Every sentence is a question, the first opens with a question word or verb other than why, and
    nothing in it is negated."""
    lang = "de" if language == "de" else "en"
    stripped = text.strip()
    if not stripped.endswith("?") or not QUESTION_OPENER[lang].match(stripped):
        return False
    if re.search(r"[.!](?:\s|$)", stripped):  # a statement before or between the questions
        return False
    # a negation inside a condition ("… if I'm not home?") asks, it does not complain
    if QUESTION_NEGATION[lang].search(IF_CLAUSE[lang].sub(" ", stripped)):
        return False
    return not any(rule.pattern.search(stripped) for rule in _COMPLAINT_QUESTIONS[lang])


_OPEN = {
    lang: [r for r in rules if r.family == "open"] for lang, rules in (("en", RULES_EN), ("de", RULES_DE))
}
_NEGATIVE_EVENTS = {
    lang: [r for r in rules if r.family in ("event", "promise", "open") and r.value < 0]
    for lang, rules in (("en", RULES_EN), ("de", RULES_DE))
}
_COMPLAINT_QUESTIONS = {
    lang: [rule for rule in rules if rule.family == "question"]
    for lang, rules in (("en", RULES_EN), ("de", RULES_DE))
}
