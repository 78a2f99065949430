"""Keyed-hash pseudonymisation of direct identifiers (HMAC-SHA256, key from JOURNEY_PII_KEY)."""

from __future__ import annotations

import hashlib
import hmac
import re

import polars as pl

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# phone numbers: international (+49 151 2345678, 0049 30 123456) or national with a trunk 0 and an
# area code (0151/2345678, 030 123 45 67). Not dates (2026-03-29, 01.02.2024), times, ids that start
# with 00 0, or numbers inside other numbers.
PHONE_RE = re.compile(
    r"(?<![\w+.:/\-])(?!\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d))"
    r"(?:(?:\+|00)[1-9]\d{0,2}|\(?0[1-9])[\d\s/().\-]{5,}\d(?![\w:])"
)


def _normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind == "email":
        return value.lower()
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return digits[2:] if digits.startswith("00") else digits
    return " ".join(value.lower().split())


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """Stable keyed hash of one identifier; the same person gets the same pseudonym in every file."""
    digest = hmac.new(key, f"{kind}:{_normalise(kind, value)}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}_{digest[:24]}"


def pseudonymise_column(series: pl.Series, key: bytes, kind: str) -> pl.Series:
    """Hash every non-empty value of a column (one HMAC per distinct value)."""
    uniques = series.drop_nulls().unique()
    mapping = {v: pseudonym(key, kind, v) for v in uniques.to_list() if v.strip()}
    return series.replace_strict(mapping, default=None, return_dtype=pl.String)


def scrub_text(text: str, key: bytes) -> str:
    """Replace e-mail addresses and phone numbers inside free text by their pseudonyms."""
    text = EMAIL_RE.sub(lambda m: f"<{pseudonym(key, 'email', m.group(0))}>", text)
    return PHONE_RE.sub(lambda m: f"<{pseudonym(key, 'phone', m.group(0))}>", text)


def scrub_text_column(series: pl.Series, key: bytes) -> pl.Series:
    """Scrub a text column; only rows that look like they contain PII go through Python."""
    suspicious = series.str.contains(r"@|\d[\d\s/().\-]{6,}\d").fill_null(False)
    if not suspicious.any():
        return series
    fixed = series.filter(suspicious).map_elements(lambda t: scrub_text(t, key), return_dtype=pl.String)
    out = series.to_list()
    for i, value in zip(suspicious.arg_true().to_list(), fixed.to_list(), strict=True):
        out[i] = value
    return pl.Series(series.name, out, dtype=pl.String)


_LOOKS_PERSONAL = re.compile(r"@|(?:\+|00|\b0)[1-9][\d\s/().\-_]{5,}\d")


def safe_name(name: str) -> str:
    """A column name fit for messages and logs: a "name" that looks like an e-mail address or a phone
    number (a headerless file's first data row) is not repeated in clear text."""
    return "<hidden: looks like personal data>" if _LOOKS_PERSONAL.search(name) else name
