"""Why a typed row is quarantined, as polars expressions (one reason text per row, or null): a value
present but not readable as its column's type, a wall-clock time skipped by the spring DST change, a
timestamp in the future or before the plausible-date floor. The helpers build reason texts from
literal text and values without format strings; pipeline.ingest.rules and pipeline.ingest.limits use
them too."""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import time as clock

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest.specs import TableSpec
from pipeline.ingest.values import TYPE_WORDS


def reason_if(cond: pl.Expr, message: pl.Expr | str) -> pl.Expr:
    """``message`` where ``cond`` holds, else null."""
    return pl.when(cond).then(message if isinstance(message, pl.Expr) else pl.lit(message))


def msg(*parts: str | pl.Expr) -> pl.Expr:
    """A message built from literal text and expressions (no format-string escaping to get wrong)."""
    return pl.concat_str([p if isinstance(p, pl.Expr) else pl.lit(p) for p in parts])


def quote(col: str) -> pl.Expr:
    """The value of ``col`` in single quotes, at most 60 characters of it."""
    return pl.concat_str(pl.lit("'"), pl.col(col).cast(pl.String).str.slice(0, 60), pl.lit("'"))


def type_reasons(spec: TableSpec) -> list[pl.Expr]:
    """A text present (``_raw_<col>``) whose typed value is null: not readable as the column's type;
    for a timestamp in the spring DST gap (``_dst_gap_<col>``) the reason says so instead."""
    reasons = []
    for c, kind in spec.columns.items():
        if kind == "string":
            continue
        unparsed = pl.col(f"_raw_{c}").is_not_null() & pl.col(c).is_null()
        if kind == "timestamp":  # a wall-clock time skipped by the spring DST change is not a typo
            in_gap = pl.col(f"_dst_gap_{c}")
            reasons.append(
                reason_if(
                    unparsed & in_gap,
                    msg(
                        f"column '{c}': ",
                        quote(f"_raw_{c}"),
                        f" does not exist in {spec.source_tz} (clocks went forward)",
                    ),
                )
            )
            unparsed = unparsed & ~in_gap
        reasons.append(
            reason_if(unparsed, msg(f"column '{c}': ", quote(f"_raw_{c}"), f" is not {TYPE_WORDS[kind]}"))
        )
    return reasons


def plausibility_reasons(spec: TableSpec, limits: IngestLimits, now: datetime) -> list[pl.Expr]:
    """Timestamps more than JOURNEY_FUTURE_TOLERANCE_HOURS after ``now``, and, for a table with a date
    floor, timestamps before JOURNEY_DATE_FLOOR."""
    stamps = [c for c, kind in spec.columns.items() if kind == "timestamp"]
    reasons = [
        reason_if(
            pl.col(c) > now + limits.future_tolerance,
            msg(
                f"column '{c}': ",
                pl.col(c).cast(pl.String),
                f" is in the future (more than {_hours(limits)} h ahead; JOURNEY_FUTURE_TOLERANCE_HOURS)",
            ),
        )
        for c in stamps
    ]
    if spec.date_floor:  # an order, case or answer dated 0001-01-01 is a placeholder, not a date
        floor = datetime.combine(limits.date_floor, clock(), tzinfo=UTC)
        reasons += [
            reason_if(
                pl.col(c) < floor,
                msg(
                    f"column '{c}': ",
                    quote(f"_raw_{c}"),
                    f" is before {limits.date_floor} (JOURNEY_DATE_FLOOR), not a plausible date",
                ),
            )
            for c in stamps
        ]
    return reasons


def _hours(limits: IngestLimits) -> str:
    return f"{limits.future_tolerance.total_seconds() / 3600:g}"
