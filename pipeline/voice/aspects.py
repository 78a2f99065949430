"""Aspects customers talk about: a small bilingual dictionary of terms -> normalised aspect names.

Matching is on word stems (a term matches a token that starts with it), so German inflections and
compounds ("Lieferung", "Lieferzeit", "Sendungsverfolgung") land on the same aspect.
"""

from __future__ import annotations

import re

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
