"""The CRM exports: customers (with the personal data ingestion pseudonymises), orders and service
cases, in local Berlin time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipeline.sample import phrases
from pipeline.sample.formats import customer_ids, local_time


class Crm:
    """Writes the CRM exports (a mixin of SampleGenerator)."""

    def _write_crm(self, out: Path) -> dict:
        rng = self.rng
        n = self.cust.n
        cities = phrases.CITIES
        city = rng.integers(0, len(cities), n)
        first = np.array(phrases.FIRST_NAMES)[rng.integers(0, len(phrases.FIRST_NAMES), n)]
        last = np.array(phrases.LAST_NAMES)[rng.integers(0, len(phrases.LAST_NAMES), n)]
        referred = np.where(rng.random(n) < 0.06, rng.integers(0, max(n, 1), n), -1)
        referred = np.where(referred < np.arange(n), referred, -1)  # only earlier customers refer
        ids = np.arange(n)
        street = np.array(phrases.STREETS)[rng.integers(0, len(phrases.STREETS), n)]
        customers = pl.DataFrame(
            {
                "cust": ids,
                "first": first,
                "last": last,
                "ref": referred,
                "created": self.cust["created"],
                "segment": np.array(self.seg_names)[self.cust["segment"]],
                "street": np.char.add(np.char.add(street, " "), rng.integers(1, 120, n).astype(str)),
                "phone": rng.integers(10_000_000, 99_999_999, n),
                "postal_code": np.array([c[0] for c in cities])[city],
                "city": np.array([c[1] for c in cities])[city],
                "country": np.array([c[2] for c in cities])[city],
            }
        )
        customers = customers.select(
            customer_ids(pl.col("cust")).alias("customer_id"),
            pl.format(
                "{}.{}{}@example.com",
                pl.col("first").str.to_lowercase(),
                pl.col("last").str.to_lowercase(),
                pl.col("cust"),
            )
            .str.replace_all("[^a-z0-9.@]", "")
            .alias("email"),
            pl.col("first").alias("first_name"),
            pl.col("last").alias("last_name"),
            pl.format("+49 15{} {}", pl.col("cust") % 10, pl.col("phone")).alias("phone"),
            pl.col("street"),
            pl.col("postal_code"),
            pl.col("city"),
            pl.col("country"),
            pl.col("segment"),
            local_time(pl.col("created")).alias("created_at"),
            customer_ids(pl.col("ref")).alias("referred_by"),
        )
        customers.write_csv(out / "customers.csv")

        orders = pl.concat(self.orders).sort("ts", "cust")
        orders = orders.select(
            pl.format("O{}", pl.int_range(pl.len()).cast(pl.String).str.pad_start(8, "0")).alias("order_id"),
            customer_ids(pl.col("cust")).alias("customer_id"),
            local_time(pl.col("ts")).alias("ordered_at"),
            pl.col("amount").round(2),
            pl.lit("EUR").alias("currency"),
            pl.col("channel"),
        )
        orders.write_csv(out / "orders.csv")

        empty_cases = pl.DataFrame(
            schema={
                "cust": pl.Int64,
                "opened_ts": pl.Float64,
                "closed_ts": pl.Float64,
                "channel": pl.String,
                "category": pl.String,
                "handle_minutes": pl.Float64,
                "escalated": pl.Boolean,
                "touchpoint": pl.String,
            }
        )
        cases = pl.concat([empty_cases, *[c.cast(empty_cases.schema) for c in self.cases]]).sort(
            "opened_ts", "cust"
        )
        cases = cases.select(
            pl.format("K{}", pl.int_range(pl.len()).cast(pl.String).str.pad_start(7, "0")).alias("case_id"),
            customer_ids(pl.col("cust")).alias("customer_id"),
            local_time(pl.col("opened_ts")).alias("opened_at"),
            pl.when(pl.col("closed_ts").is_not_nan())
            .then(local_time(pl.col("closed_ts")))
            .alias("closed_at"),
            pl.col("channel"),
            pl.col("category"),
            pl.col("handle_minutes"),
            pl.col("escalated"),
            pl.col("touchpoint"),
        )
        cases.write_csv(out / "cases.csv")
        if self.payment_calls:  # the planted contact-reason mix (planted cases carry no touchpoint)
            cases.filter(pl.col("touchpoint").is_null(), pl.col("opened_at").is_not_null()).group_by(
                "category"
            ).agg(pl.len().alias("cases")).sort("category").write_csv(
                out.parent / "_truth" / "planted_contacts.csv"
            )
        return {"customers": len(customers), "orders": len(orders), "cases": len(cases)}
