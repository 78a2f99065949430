"""Reader for the CDNOW sample (whitespace separated: master id, sample id, YYYYMMDD, CDs, dollars)."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def read_cdnow(path: Path) -> pl.DataFrame:
    lines = pl.read_csv(path, has_header=False, new_columns=["line"], separator="\x1f", infer_schema=False)
    fields = lines.select(pl.col("line").str.strip_chars().str.extract_all(r"\S+").alias("f"))
    return fields.select(
        pl.col("f").list.get(0).alias("customer_id"),
        pl.col("f").list.get(2).str.to_date("%Y%m%d").alias("order_date"),
        pl.col("f").list.get(3).cast(pl.Int64).alias("cds"),
        pl.col("f").list.get(4).cast(pl.Float64).alias("amount"),
    )
