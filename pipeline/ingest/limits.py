"""Value limits checked before anything copies a value: a field over JOURNEY_MAX_FIELD_BYTES or with
a NUL byte gives its row a reason, and the value is made harmless (cut to the quarantine's length,
NUL shown as ␀)."""

from __future__ import annotations

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest.bounds import cut_text
from pipeline.ingest.reasons import msg, reason_if


def value_limits(
    strings: pl.DataFrame, present: list[str], shown: dict[str, str], limits: IngestLimits, may_have_nul: bool
) -> tuple[pl.DataFrame, pl.Expr | None]:
    """Fields over JOURNEY_MAX_FIELD_BYTES and fields with a NUL byte: the reason per row, and the frame
    with those values made harmless (cut to the quarantine's length, NUL shown as ␀) before anything
    copies them. A normal file costs one vectorised length check (the byte length of a polars string is
    stored, not counted) and nothing else; the NUL scan runs only when the text holds one."""
    if not present:
        return strings, None
    too_long = {c: pl.col(c).str.len_bytes() > limits.max_field_bytes for c in present}
    has_nul = {c: pl.col(c).str.contains("\x00", literal=True) for c in present}
    longest = strings.select(pl.col(present).str.len_bytes().max()).row(0)
    long_cols = [c for c, n in zip(present, longest, strict=True) if (n or 0) > limits.max_field_bytes]
    nul_cols = []
    if may_have_nul:
        found = strings.select(*[e.any().alias(f"nul_{i}") for i, e in enumerate(has_nul.values())]).row(0)
        nul_cols = [c for c, hit in zip(present, found, strict=True) if hit]
    if not long_cols and not nul_cols:
        return strings, None
    reasons = [
        reason_if(
            too_long[c],
            msg(
                f"column '{shown[c]}': ",
                pl.col(c).str.len_bytes().cast(pl.String),
                f" bytes, over the limit of {limits.max_field_bytes} (JOURNEY_MAX_FIELD_BYTES)",
            ),
        )
        for c in long_cols
    ] + [reason_if(has_nul[c], f"column '{shown[c]}' contains a NUL byte") for c in nul_cols]
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None)
    strings = strings.with_columns(reason.alias("_value_reason"))
    strings = strings.with_columns(
        *[cut_text(pl.col(c), limits.quarantine_text_chars) for c in long_cols if c not in nul_cols],
        *[
            cut_text(pl.col(c), limits.quarantine_text_chars).str.replace_all("\x00", "␀", literal=True)
            for c in nul_cols
        ],
    )
    return strings, pl.col("_value_reason")
