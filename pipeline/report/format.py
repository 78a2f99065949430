"""Formatting for the report: numbers with their units, names, and shortening text without losing it
(a shortened text ends in "…" at a word boundary; the template puts the full text in a title)."""

from __future__ import annotations

from datetime import date, datetime

DASH = "–"
ELLIPSIS = "…"
# one effort unit = one phone contact: int_service_cases prices a contact (channel cost weight, +1 per
# 20 minutes handling, +1 per escalation); service_effort_per_person is those units per person reached
EFFORT_UNIT = "effort units / person"
EFFORT_UNIT_NOTE = (
    "1 effort unit = one phone contact; a channel's cost weight, plus one unit per 20 minutes of "
    "handling and one per escalation (int_service_cases)"
)


def name(en: str | None, de: str | None) -> str:
    """English label with the atlas's German name where it differs."""
    en = en or ""
    return f"{en} ({de})" if de and de != en else en


def number(value, digits: int = 0) -> str:
    if value is None:
        return DASH
    return f"{value:,.{digits}f}"


def percent(value, digits: int = 1) -> str:
    if value is None:
        return DASH
    return f"{value * 100:.{digits}f} %"


def money(value, currency: str, digits: int = 0) -> str:
    """An amount with its currency code after it (``12,345 EUR``)."""
    if value is None:
        return DASH
    return f"{value:,.{digits}f} {currency}"


def compact_money(value, currency: str) -> str:
    """Short amounts for axis ticks: 950 EUR, 12.5k EUR, 1.2M EUR."""
    if value is None:
        return DASH
    v = float(value)
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(v) >= limit:
            scaled = v / limit
            return f"{scaled:,.{0 if abs(scaled) >= 100 else 1}f}{suffix} {currency}"
    return f"{v:,.0f} {currency}"


def signed(value, digits: int = 1, suffix: str = "") -> str:
    """A change with its sign (+3.2, −1.0, ±0.0)."""
    if value is None:
        return DASH
    rounded = round(float(value), digits)
    if rounded == 0:
        return f"±{0:.{digits}f}{suffix}"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{abs(rounded):,.{digits}f}{suffix}"


def day(value) -> str:
    if value is None:
        return DASH
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def shorten(text: str | None, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, ending in "…" when cut.
    A single word longer than the limit is cut inside the word (still with the ellipsis)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    head = text[: max(limit - 1, 1)]
    cut = head.rfind(" ")
    if cut >= limit // 2:
        head = head[:cut]
    return head.rstrip(" ,;:.-–—") + ELLIPSIS


def is_shortened(text: str | None, limit: int) -> bool:
    return shorten(text, limit) != " ".join((text or "").split())


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in pixels at font size ``size`` (system sans-serif),
    used for laying out SVG labels; the browser test measures the real boxes."""
    wide = sum(1 for ch in text if ch.isupper() or ch in "mwMW@%")
    narrow = sum(1 for ch in text if ch in "iljtf.,;:!|' ()")
    normal = len(text) - wide - narrow
    return size * (0.58 * normal + 0.72 * wide + 0.33 * narrow)
