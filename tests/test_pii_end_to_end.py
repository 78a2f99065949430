"""Issue 17: personal data planted where it used to get through (web identifiers, URLs, properties
JSON, GA4 fields, CRM case category and unrecognised columns, quarantined rows, feedback text in the
forms the old scrubber missed) must not appear in clear anywhere under the warehouse directory after
a real build (Dagster, polars, dbt, DuckDB, report) — and the pseudonymised identifiers still stitch."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipeline.config import load_settings
from pipeline.ingest import pii
from pipeline.sample.generator import GeneratorConfig, generate
from tests.conftest import build_warehouse
from tests.pii_plant import IDENTITIES, plant
from tests.pii_scan import find_pii

pytestmark = pytest.mark.e2e
END = date(2026, 10, 31)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("pii_planted")
    generate(root / "landing", GeneratorConfig(customers=300, days=30, seed=17, end_date=END))
    needles = plant(root / "landing", END)
    warehouse = build_warehouse(root / "landing", root / "warehouse", parquet=True)
    return warehouse, needles


def test_no_planted_pii_under_the_warehouse_directory(planted):
    warehouse, needles = planted
    # every file: raw Parquet, build and serving DuckDB, Parquet export, report HTML, logs
    assert {p.suffix for p in warehouse.rglob("*") if p.is_file()} >= {".duckdb", ".html", ".parquet"}
    assert find_pii(warehouse, needles) == []


def test_planted_rows_were_loaded_scrubbed_not_dropped(planted):
    warehouse, _ = planted
    key = load_settings().pii_key
    with duckdb.connect(str(warehouse / "journeys.duckdb"), read_only=True) as con:
        paths = {
            r[0]
            for r in con.execute(
                "select page_path from marts.fct_journey_events where page_path like '/account/register?%'"
            ).fetchall()
        }
        quarantined = con.execute(
            "select source, raw_text from audit.quarantined_rows "
            "where raw_text like '%page view!%' or raw_text like 'KPII2%'"
        ).fetchall()
        texts = [
            r[0]
            for r in con.execute(
                "select feedback_text from marts.fct_feedback_sentiment where feedback_id like 'FPII%'"
            ).fetchall()
        ]
        # stitching on pseudonyms: the device that is a phone number belongs to the customer whose web
        # id is an e-mail address, and its anonymous sessions before the login join that customer
        stitched = con.execute(
            "select distinct customer_id, count(*) over () from marts.fct_journey_events where anonymous_id = ?",
            [pii.pseudonym(key, "phone", IDENTITIES["phone"])],
        ).fetchall()
    assert paths == {
        f"/account/register?email=<{pii.pseudonym(key, 'email', 'jürgen.größe@müller-beispiel.de')}>&step=2"
    }
    assert {t for t, _ in quarantined} == {"web_events", "crm_cases"}
    assert all("<phone_" in raw for _, raw in quarantined)
    assert len(texts) == 5 and all("<phone_" in t for t in texts)
    assert sum("<email_" in t for t in texts) == 2
    assert len(stitched) == 1 and stitched[0][1] >= 2
    assert stitched[0][0] == pii.pseudonym(key, "email", IDENTITIES["email"])
