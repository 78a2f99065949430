"""Offline sentiment for German and English feedback: lexicons plus rules, no downloads.

* English: VADER (Hutto & Gilbert 2014), whose lexicon ships inside the ``vadersentiment`` wheel.
* German: the same scheme (valence sum, negation, intensifiers, contrast, exclamation marks,
  emoji, compound-word suffix matching) over the hand-written lexicon in ``lexicon_de``.

Scores are in [-1, 1] (VADER's normalisation x / sqrt(x² + 15)); labels use VADER's ±0.05 cut-offs.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pipeline.voice import lexicon_de as de

POSITIVE_CUTOFF, NEGATIVE_CUTOFF = 0.05, -0.05
EMOJI = {
    "😀": 2.5,
    "😃": 2.5,
    "😊": 2.3,
    "🙂": 1.5,
    "😍": 3.0,
    "👍": 2.0,
    "❤️": 2.5,
    "❤": 2.5,
    "🎉": 2.0,
    "😞": -2.0,
    "😡": -3.0,
    "😠": -2.8,
    "🙁": -1.5,
    "😢": -2.2,
    "👎": -2.0,
    "💩": -2.5,
    "🤬": -3.2,
}
EN_STOPWORDS = {
    "the",
    "and",
    "is",
    "was",
    "i",
    "it",
    "to",
    "a",
    "of",
    "my",
    "in",
    "for",
    "on",
    "with",
    "that",
    "this",
    "not",
    "but",
    "very",
    "me",
    "at",
    "be",
    "have",
    "has",
    "had",
    "you",
    "they",
    "we",
    "are",
    "were",
    "no",
    "so",
    "all",
    "after",
    "still",
    "did",
    "do",
    "from",
    "by",
    "an",
    "as",
    "or",
    "its",
    "nobody",
    "again",
}
TOKEN_RE = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*", re.IGNORECASE)
WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def detect_language(text: str | None) -> str:
    """'de', 'en' or 'unknown', from stop-word hits (plus umlauts/ß as a German hint)."""
    if not text:
        return "unknown"
    words = [w.lower() for w in TOKEN_RE.findall(text)]
    if not words:
        return "unknown"
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

    return SentimentIntensityAnalyzer()


def _normalise(total: float) -> float:
    return max(-1.0, min(1.0, total / math.sqrt(total * total + 15.0)))


@lru_cache(maxsize=50_000)
def _german_word_valence(word: str) -> float | None:
    if word in de.VALENCE:
        return de.VALENCE[word]
    # compounds: "Kundenservice-Katastrophe", "Lieferverspätung" -> the last known part carries the tone
    if len(word) >= 8:
        for cut in range(3, len(word) - 3):
            tail = word[cut:]
            if tail in de.VALENCE and len(tail) >= 4:
                return de.VALENCE[tail]
    return None


def score_german(text: str) -> float:
    tokens = WORD_RE.findall(text.lower())
    clause_weights: list[float] = []
    valences: list[float] = []
    weight = 1.0
    for i, tok in enumerate(tokens):
        if tok in de.CONTRASTS:  # what came before counts less, what follows more
            clause_weights = [w * 0.5 for w in clause_weights]
            weight = 1.5
            continue
        val = _german_word_valence(tok.replace("-", ""))
        if val is None or (tok in de.INTENSIFIERS and i + 1 < len(tokens) and tokens[i + 1].isalpha()):
            continue
        window = tokens[max(0, i - 3) : i]
        for prev in window:
            boost = de.INTENSIFIERS.get(prev)
            if boost:
                val += math.copysign(boost, val) if val else 0.0
        if any(prev in de.NEGATIONS for prev in window) or (i + 1 < len(tokens) and tokens[i + 1] == "nicht"):
            val *= -0.74
        valences.append(val)
        clause_weights.append(weight)
    for sym, val in EMOJI.items():
        count = text.count(sym)
        if count:
            valences.append(val * count)
            clause_weights.append(weight)
    total = sum(v * w for v, w in zip(valences, clause_weights, strict=True))
    if total:
        total += math.copysign(min(text.count("!"), 4) * 0.292, total)
    return _normalise(total)


def score_english(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def label(score: float) -> str:
    if score >= POSITIVE_CUTOFF:
        return "positive"
    if score <= NEGATIVE_CUTOFF:
        return "negative"
    return "neutral"


def analyse(text: str | None, declared_language: str | None = None) -> tuple[str, float, str]:
    """(language, score, label) for one item; empty text is neutral with language 'unknown'."""
    if not text or not text.strip():
        return "unknown", 0.0, "neutral"
    language = declared_language if declared_language in ("de", "en") else detect_language(text)
    score = score_german(text) if language == "de" else score_english(text)
    return language, round(score, 4), label(score)
