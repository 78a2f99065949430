"""Bounded text for the quarantine and the messages: a value or a raw row longer than
JOURNEY_QUARANTINE_TEXT_CHARS keeps its start and says how long it was, so a 200 MB field is never
copied into the raw zone, the build file or the serving file.

The cut also drops up to 254 characters of the word it falls in (254: the longest e-mail address), so
it never leaves the start of an address that the scrubber would no longer recognise as one. Cutting is
idempotent: a text already cut (limit + marker) is left as it is.
"""

from __future__ import annotations

import re

import polars as pl

PARTIAL_WORD = r"[^\s,;|]{0,254}$"
MARKER_ROOM = 40  # " …[cut, 1234567890 characters]" fits


def cut_text(text: pl.Expr, limit: int) -> pl.Expr:
    """``text`` cut to ``limit`` characters plus a marker with the length it had (vectorised)."""
    length = text.str.len_chars()
    kept = text.str.slice(0, limit).str.replace(PARTIAL_WORD, "")
    marked = pl.concat_str(kept, pl.lit(" …[cut, "), length.cast(pl.String), pl.lit(" characters]"))
    return pl.when(length > limit + MARKER_ROOM).then(marked).otherwise(text)


def cut_str(text: str, limit: int) -> str:
    """The same for one Python string (the slow paths that already hold one)."""
    if len(text) <= limit + MARKER_ROOM:
        return text
    return f"{re.sub(PARTIAL_WORD, '', text[:limit])} …[cut, {len(text)} characters]"
