"""Aspects customers talk about: a small bilingual dictionary of terms -> normalised aspect names.

Matching is on word stems (a term matches a token that starts with it), so German inflections and
compounds ("Lieferung", "Lieferzeit", "Sendungsverfolgung") land on the same aspect.

Each mention takes the polarity of the clause that names it, not of the whole item
(``aspect_clauses``): "Preis und Leistung stimmen, aber schlechte Qualität" praises the price and
blames the quality.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.voice.sentiment import label, score, split_clauses

ASPECT_TERMS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "liefer",
        "paket",
        "sendung",
        "zustell",
        "versand",
        "delivery",
        "deliver",
        "parcel",
        "tracking",
        "shipping",
        "courier",
    ),
    "payment": ("zahlung", "bezahl", "kartenzahlung", "paypal", "kreditkarte", "payment", "paying", "card"),
    "checkout": ("bestellvorgang", "bestellung", "warenkorb", "kasse", "checkout", "ordering", "cart"),
    "waiting time": (
        "warteschleife",
        "wartezeit",
        "gewartet",
        "hotline",
        "on hold",
        "waited",
        "waiting",
        "hold",
    ),
    "staff": ("mitarbeiter", "berater", "personal", "agent", "staff", "employee"),
    "product quality": ("qualität", "produkt", "gerät", "quality", "product", "broke", "kaputt"),
    "price": ("preis", "teuer", "price", "expensive", "value for money", "rip-off"),
    "offer": ("angebot", "gutschein", "rabatt", "coupon", "discount", "offer", "newsletter"),
    "refund": ("erstattung", "rücksendung", "refund", "return"),
    "problem resolution": ("gelöst", "problem", "solved", "resolved"),
    "app": ("app",),
    "website": ("webseite", "website", "seite", "page"),
}
_PATTERNS = {
    aspect: re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)
    for aspect, terms in ASPECT_TERMS.items()
}


def extract_aspects(text: str | None) -> list[str]:
    if not text:
        return []
    return [aspect for aspect, pattern in _PATTERNS.items() if pattern.search(text)]


class AspectMention(NamedTuple):
    aspect: str
    clause_number: int  # 1-based position of the clause in the item
    clause_sentiment_score: float
    clause_sentiment_label: str


def aspect_clauses(
    text: str | None, language: str, item: tuple[float, str] | None = None
) -> list[AspectMention]:
    """Every aspect named in every clause of ``text`` (``sentiment.split_clauses``), with the clause's
    score and label (``language`` as ``learned.analyse`` resolved it). An aspect named in two clauses
    gets two mentions. An item without a contrast word or a second sentence is one clause and takes the
    item's own (score, label), ``item`` (the product's scorer, ``learned.analyse``; the rules' if not
    given). The clauses of a longer item are scored by the rules (``rule_polarity``): the learned
    classifier was trained on whole sentences and reads clause fragments worse (aspect_clauses_heldout:
    38/53 per clause against the rules' 43/53, docs/sentiment.md)."""
    clauses = split_clauses(text, language)
    mentions = []
    for number, clause in enumerate(clauses, start=1):
        aspects = extract_aspects(clause)
        if aspects:
            value, clause_label = item if item and len(clauses) == 1 else rule_polarity(clause, language)
            mentions += [AspectMention(a, number, value, clause_label) for a in aspects]
    return mentions


def rule_polarity(clause: str, language: str) -> tuple[float, str]:
    """(score, label) of a clause by the rules (``sentiment.score``)."""
    value = score(clause, language)
    return round(value, 4), label(value)


def polarity_sides(mentions: list[AspectMention]) -> dict[str, str]:
    """What one item feeds per aspect, the rule of ``fct_pain_gain_points`` in Python (for tests and the
    evaluation): 'negative' (pain), 'positive' (gain), 'negative+positive' (both: clauses of both
    signs name it) or 'neutral' (only neutral clauses name it: neither)."""
    labels: dict[str, set[str]] = {}
    for mention in mentions:
        labels.setdefault(mention.aspect, set()).add(mention.clause_sentiment_label)
    return {aspect: "+".join(sorted(found - {"neutral"})) or "neutral" for aspect, found in labels.items()}
