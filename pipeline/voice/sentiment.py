"""Offline sentiment for German and English feedback: lexicons plus rules, no downloads.

* English: VADER (Hutto & Gilbert 2014), whose lexicon ships inside the ``vadersentiment`` wheel.
* German: the same scheme (valence sum, negation, intensifiers, contrast, exclamation marks,
  emoji, compound-word suffix matching) over the hand-written lexicon in ``lexicon_de``.

Scores are in [-1, 1] (VADER's normalisation x / sqrt(x² + 15)); labels use VADER's ±0.05 cut-offs.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache

from pipeline.voice import lexicon_de as de
from pipeline.voice import rules
from pipeline.voice.cues import (
    ADVERBS_EN,
    CLAUSE_CONTRAST_DE,
    CLAUSE_CONTRAST_EN,
    CONCESSIVES_EN,
    cue_valence,
)
from pipeline.voice.lexicon_en import EMOJI, EN_STOPWORDS, EN_SUPPLEMENT

POSITIVE_CUTOFF, NEGATIVE_CUTOFF = 0.05, -0.05
TOKEN_RE = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*", re.IGNORECASE)
WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


# "in", "so", "an" (both languages) and loanwords such as "easy": no evidence either way
SHARED_WORDS = (EN_STOPWORDS & de.STOPWORDS) | de.LOANWORDS


def detect_language(text: str | None) -> str:
    """'de', 'en' or 'unknown', from stop-word hits (plus umlauts/ß as a German hint)."""
    if not text:
        return "unknown"
    words = [w.lower() for w in TOKEN_RE.findall(text)]
    if not words:
        return "unknown"
    words = [w for w in words if w not in SHARED_WORDS]
    german = sum(w in de.STOPWORDS or w in de.VALENCE for w in words) + 2 * len(
        re.findall(r"[äöüß]", text.lower())
    )
    english = sum(w in EN_STOPWORDS for w in words)
    if german == english:
        return "unknown" if german == 0 else "en"
    return "de" if german > english else "en"


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(EN_SUPPLEMENT)
    return analyzer


def _normalise(total: float) -> float:
    return max(-1.0, min(1.0, total / math.sqrt(total * total + 15.0)))


@lru_cache(maxsize=50_000)
def _german_word_valence(word: str) -> float | None:
    if word in de.VALENCE:
        return de.VALENCE[word]
    # inflected adjectives: "freundliche", "schnellen", "angenehmes", "schlechteste", "miserable"
    for suffix in (
        "esten",
        "ester",
        "estes",
        "este",
        "sten",
        "ster",
        "stes",
        "ste",
        "en",
        "er",
        "es",
        "em",
        "e",
    ):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            if stem in de.VALENCE:
                return de.VALENCE[stem]
            if stem[-1] == "l" and stem[:-1] + "el" in de.VALENCE:  # miserabl-e -> miserabel
                return de.VALENCE[stem[:-1] + "el"]
            # an inflected comparative: "günstigeren", "schnelleres" -> günstig, schnell
            if suffix in ("en", "es", "em", "e") and stem.endswith("er") and stem[:-2] in de.VALENCE:
                return de.VALENCE[stem[:-2]]
    # compounds: "Kundenservice-Katastrophe", "Lieferverspätung" -> the last known part carries the tone
    if len(word) >= 8:
        for cut in range(3, len(word) - 3):
            tail = word[cut:]
            if tail in de.VALENCE and len(tail) >= 4:
                return de.VALENCE[tail]
    return None


def _german_negated(tokens: list[str], i: int, window: list[str]) -> bool:
    """A negation up to three words before ("nicht gut", "kein großes Problem"), or "nicht"/"nie"
    right after a verb ("funktioniert nicht"). "ohne" governs only its noun phrase: the next word, or
    the one after an adjective ("ohne Probleme", "ohne große Probleme", not "ohne Ankündigung abgesagt")."""
    if i + 1 < len(tokens) and tokens[i + 1] in ("nicht", "nie", "niemals", "nirgends", "nirgendwo", "nich"):
        return True
    for back, prev in enumerate(reversed(window), start=1):
        if prev == "ohne":
            between = tokens[i - back + 1 : i]
            if back == 1 or (
                back == 2 and (between[0] in de.INTENSIFIERS or between[0].endswith(("e", "er", "en", "es")))
            ):
                return True
        elif prev in de.NEGATIONS:
            return True
    return False


def score_german(text: str, fired: list[str] | None = None) -> float:
    tokens = WORD_RE.findall(text.lower())
    clause_weights: list[float] = []
    valences: list[float] = []
    weight = 1.0
    for i, tok in enumerate(tokens):
        if tok in de.CONTRASTS:  # what came before counts less, what follows more
            clause_weights = [w * 0.5 for w in clause_weights]
            weight = 1.5
            continue
        window = tokens[max(0, i - 3) : i]
        negated = _german_negated(tokens, i, window)
        if tok in de.FULFILMENT and negated:  # "kommt nie an", "funktioniert nicht": a promise not kept
            valences.append(-1.6)
            clause_weights.append(weight)
            continue
        val = _german_word_valence(tok.replace("-", ""))
        followed_by_word = i + 1 < len(tokens) and tokens[i + 1].isalpha()
        if val is None or (tok in de.INTENSIFIERS and followed_by_word):
            continue
        # "einfach" before a verb or phrase is the particle "just" ("einfach abgestellt"), not "easy"
        if tok == "einfach" and followed_by_word and tokens[i + 1] not in ("und", "zu", "oder"):
            continue
        for prev in window:
            boost = de.INTENSIFIERS.get(prev)
            if boost:
                val += math.copysign(boost, val) if val else 0.0
        if negated:
            val *= -0.74
        valences.append(val)
        clause_weights.append(weight)
    for sym, val in EMOJI.items():
        count = text.count(sym)
        if count:
            valences.append(val * count)
            clause_weights.append(weight)
    total = sum(v * w for v, w in zip(valences, clause_weights, strict=True))
    total += cue_valence(text, "de", fired)
    if total:
        total += math.copysign(min(text.count("!"), 4) * 0.292, total)
    return _normalise(total)


WOULD_LIKE = re.compile(r"\b(would|'d)\s+like\b", re.IGNORECASE)


def score_english(text: str, fired: list[str] | None = None) -> float:
    # "I would like to ..." asks for something; VADER would read the verb "like" as praise
    compound = float(_vader().polarity_scores(WOULD_LIKE.sub(r"\1", text))["compound"])
    extra = cue_valence(text, "en", fired)
    if not extra:
        return compound
    # back to VADER's raw valence sum (inverse of x / sqrt(x² + 15)), add the phrase rules, renormalise
    compound = max(-0.9999, min(0.9999, compound))
    raw = compound * math.sqrt(15.0 / (1.0 - compound * compound))
    return _normalise(raw + extra)


def label(score: float) -> str:
    if score >= POSITIVE_CUTOFF:
        return "positive"
    if score <= NEGATIVE_CUTOFF:
        return "negative"
    return "neutral"


def _raw(value: float) -> float:
    """The raw valence sum behind a normalised score (inverse of x / sqrt(x² + 15))."""
    value = max(-0.9999, min(0.9999, value))
    return value * math.sqrt(15.0 / (1.0 - value * value))


def score(text: str, language: str, fired: list[str] | None = None) -> float:
    """Score in [-1, 1] with the German rules for 'de', the English ones otherwise ('en', 'unknown').
    Then the whole-item rules of ``rules``: sarcasm turns an item negative, an information question is
    neutral. The names of the named rules that apply are appended to ``fired`` when it is given."""
    # the named rules that match are collected by the one cue_valence call of the language's scorer
    value = score_german(text, fired) if language == "de" else score_english(text, fired)
    name, rest = rules.sarcasm(text, language)
    if name in ("sarcasm_fixed", "sarcasm_marker"):
        value = _normalise(-abs(_raw(value)) + rules.SARCASM_EXTRA)
    elif name == "sarcasm_opener" and rest:
        rest_value = score(rest, language)
        if rest_value <= NEGATIVE_CUTOFF or rules.repeats(rest, language):
            value = _normalise(min(_raw(rest_value), 0.0) + rules.SARCASM_EXTRA)
        else:
            name = None
    if name and value < 0:
        if fired is not None:
            fired.append(f"sarcasm:{name}")
        return value
    lang = "de" if language == "de" else "en"
    # a problem still open decides a mixed comment, whatever praise surrounds it (labelling guide, mixed rule 1)
    if value > NEGATIVE_CUTOFF and rules.has_open_problem(text, lang):
        if fired is not None:
            fired.append("mixed:open_problem_decides")
        return _normalise(min(_raw(value), 0.0) - 1.5)
    if (
        value > -0.5
        and rules.is_information_question(text, language)
        and not rules.has_negative_event(text, lang)
    ):
        if fired is not None and value:
            fired.append("question:information_question")
        return 0.0
    if value and rules.is_middling(text, language):
        if fired is not None:
            fired.append("mixed:middling_verdict")
        return 0.0
    return value


def explain(text: str | None, declared_language: str | None = None) -> tuple[str, float, str, list[str]]:
    """``analyse`` plus the names (family:rule) of the named rules that shaped the score."""
    if not text or not text.strip():
        return "unknown", 0.0, "neutral", []
    language = declared_language if declared_language in ("de", "en") else detect_language(text)
    fired: list[str] = []
    value = score(text, language, fired)
    return language, round(value, 4), label(value), fired


def analyse(text: str | None, declared_language: str | None = None) -> tuple[str, float, str]:
    """(language, score, label) for one item; empty text is neutral with language 'unknown'."""
    if not text or not text.strip():
        return "unknown", 0.0, "neutral"
    language = declared_language if declared_language in ("de", "en") else detect_language(text)
    value = score(text, language)
    return language, round(value, 4), label(value)


# Clauses, for the polarity of each aspect (pipeline/voice/aspects.py): sentences end at . ! ? ; followed
# by a space, and at line breaks; inside a sentence a contrast word ends a clause.
SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+")
CLAUSE_PUNCTUATION = ",–—"  # a comma or a dash before a contrast word: it opens a new clause
EVEN = re.compile(r"\beven\s*$", re.IGNORECASE)
_WORD_CHAR = re.compile(r"\w")


def split_clauses(text: str | None, language: str) -> list[str]:
    """The clauses of ``text``: its sentences, cut where a contrast word (``lexicon_de.CLAUSE_CONTRASTS``,
    ``cues.CLAUSE_CONTRASTS_EN``) begins a clause. Where that clause begins depends on the word's place:

    * after a comma or dash ("Preis und Leistung stimmen, aber schlechte Qualität"): at the word. A
      concessive there ("Although the price is high, the quality ...") ends its clause at the next comma;
    * last in its sentence ("The refund took weeks, the staff was friendly though"): at the comma before;
    * inside a clause, as an adverb or particle (every German contrast word there — "Der Preis ist gut,
      die Qualität jedoch schlecht", "Die Qualität ist aber schlecht" — and English "however"): at the
      last comma before it if the words before that comma carry sentiment of their own, else nowhere
      ("The quality, however, is poor", "Der Mitarbeiter, der mich beraten hat, war aber unfreundlich");
    * inside a clause, as an English conjunction ("The staff were friendly but the delivery was late"):
      at the word if the words before it carry sentiment, else nowhere ("has not yet arrived",
      "Nothing but trouble").

    "Carry sentiment" means a score other than 0 from the item's scorer (``score``)."""
    if not text:
        return []
    contrast = CLAUSE_CONTRAST_DE if language == "de" else CLAUSE_CONTRAST_EN
    clauses: list[str] = []
    for sentence in SENTENCE_END.split(text):
        bounds = [0]
        for match in contrast.finditer(sentence):
            if match.start() >= bounds[-1]:
                bounds += _clause_starts(sentence, bounds[-1], match, language)
        for a, b in itertools.pairwise([*bounds, len(sentence)]):
            clause = sentence[a:b].strip().strip(CLAUSE_PUNCTUATION + " ")
            if _WORD_CHAR.search(clause):
                clauses.append(clause)
    return clauses


def _clause_starts(sentence: str, start: int, match: re.Match[str], language: str) -> list[int]:
    """Where new clauses begin because of the contrast word ``match`` (see ``split_clauses``); ``start``
    is where the current clause began."""
    head, rest = sentence[start : match.start()], sentence[match.end() :]
    word = match.group().lower()
    lead = EVEN.sub("", head) if word == "though" else head  # "even though" opens like "though"
    if (not lead.strip() or lead.rstrip()[-1] in CLAUSE_PUNCTUATION) and not rest.lstrip().startswith(","):
        concessive = word in (de.CONCESSIVES if language == "de" else CONCESSIVES_EN)
        end = sentence.find(",", match.end()) if concessive else -1
        # "Obwohl der Preis hoch ist, ...": a concessive that opens a clause ends it at the next comma
        return [start + len(lead)] if end == -1 else [start + len(lead), end + 1]
    if not _WORD_CHAR.search(rest):  # last word of its sentence
        comma = _last_clause_comma(head)
        return [] if comma is None else [start + comma + 1]
    if language == "de" or word in ADVERBS_EN:  # an adverb or particle; also ", however," after a clause
        comma = max(head.rfind(mark) for mark in CLAUSE_PUNCTUATION)
        return [start + comma + 1] if comma != -1 and score(head[:comma], language) else []
    return [match.start()] if score(head, language) else []  # an English conjunction without a comma


def _last_clause_comma(head: str) -> int | None:
    """Position of the last comma or dash in ``head`` that has words between it and the end."""
    for i in range(len(head) - 1, -1, -1):
        if head[i] in CLAUSE_PUNCTUATION and _WORD_CHAR.search(head[i + 1 :]):
            return i
    return None
