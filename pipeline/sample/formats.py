"""How the exports write identifiers and times: customer ids, the web's anonymous ids, and local
Berlin wall time."""

from __future__ import annotations

import polars as pl


def customer_ids(cust: pl.Expr) -> pl.Expr:
    return pl.when(cust >= 0).then(pl.format("C{}", cust.cast(pl.String).str.pad_start(7, "0")))


def person_ids(dev: pl.Expr, cust: pl.Expr, channel: pl.Expr) -> pl.Expr:
    pseudo = pl.format("{}-{}", channel, cust.cast(pl.String).str.pad_start(7, "0"))
    return (
        pl.when(dev >= 0).then(pl.format("v{}", dev.cast(pl.String).str.pad_start(8, "0"))).otherwise(pseudo)
    )


def local_time(ts: pl.Expr) -> pl.Expr:
    """CRM and feedback exports write local Berlin wall time without offset (their configured zone)."""
    return (
        pl.from_epoch((ts * 1000).cast(pl.Int64), time_unit="ms")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Europe/Berlin")
        .dt.strftime("%Y-%m-%d %H:%M:%S")
    )
