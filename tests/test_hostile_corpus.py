"""The hostile ingestion corpus (tests/data/hostile): every file ends as cases.yml says, counts
reconcile, and no personal data from it is found in clear text under the raw zone afterwards."""

from pathlib import Path

import polars as pl
import pytest
import yaml

from pipeline.ingest.mappings import load_mappings, mapping_for
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table, landing_files
from tests.conftest import PROJECT_ROOT
from tests.pii_scan import find_pii

CORPUS = PROJECT_ROOT / "tests" / "data" / "hostile"
CASES = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
NEEDLES = CASES.pop("pii_needles")
KEY = b"corpus-key"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """Ingest the whole corpus as one landing directory; return the raw dir and the log per file."""
    raw = tmp_path_factory.mktemp("raw")
    results = {}
    for table, spec in SPECS.items():
        outcome = ingest_table(spec, load_suite(table), CORPUS, raw, KEY)
        for r in outcome.results:
            results[f"{spec.folder}/{r.path.name}"] = r
    return raw, results


def test_every_corpus_file_has_a_written_down_outcome():
    mappings = load_mappings()
    claimed = {f"{s.folder}/{p.name}" for s in SPECS.values() for p in landing_files(s, CORPUS, mappings)}
    on_disk = {f"{p.parent.name}/{p.name}" for p in CORPUS.glob("*/*") if p.is_file()}
    assert claimed == on_disk == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file_ends_as_specified(ingested, name):
    case = CASES[name]
    result = ingested[1][name]
    assert result.table == case["table"]
    assert (result.status, result.rows_loaded, result.rows_quarantined) == (
        case["status"],
        case["loaded"],
        case["quarantined"],
    ), result.message
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    if "message" in case:
        assert case["message"] in result.message
    reasons = " | ".join(result.quarantined["reason"].to_list()) if result.rows_quarantined else ""
    for reason in case.get("reasons", []):
        assert reason in reasons, reasons
    for key in ("separator", "encoding"):
        if key in case:
            assert getattr(result, key) == case[key]
    if "extra_columns" in case:
        assert result.extra_columns == case["extra_columns"]
    if "mapping" in case:
        path = CORPUS / name
        assert mapping_for(path, case["table"], load_mappings()).preset == case["mapping"]
    if result.rows_quarantined:
        assert result.quarantined["row_number"].null_count() == 0  # every bad row says where it was


def test_quarantine_and_log_on_disk_reconcile(ingested):
    raw = ingested[0]
    log = pl.read_parquet(raw / "_audit" / "ingestion_log" / "*" / "*.parquet")
    quarantine = pl.read_parquet(raw / "_audit" / "quarantine" / "*" / "*.parquet")
    loaded = pl.concat(
        [
            pl.read_parquet(p).select("_source_file")
            for p in raw.glob("*/*.parquet")
            if not p.parent.name.startswith("_")
        ]
    )
    assert len(log) == len(CASES)
    assert log["rows_read"].sum() == log["rows_loaded"].sum() + log["rows_quarantined"].sum()
    assert len(quarantine) == log["rows_quarantined"].sum()
    assert len(loaded) == log["rows_loaded"].sum()


def test_values_are_typed_and_mapped(ingested):
    raw = ingested[0]
    deals = pl.read_parquet(raw / "crm_orders" / "hubspot-crm-exports-all-deals-2026-10-31.csv.parquet")
    assert deals.sort("order_id")["customer_id"].to_list() == ["101", "102"]  # first of "101;102"
    orders = pl.read_parquet(raw / "crm_orders" / "orders_latin1.csv.parquet").sort("order_id")
    assert orders["amount"].to_list() == [1234.56, 20.0]
    # 2026-10-25 02:30 Berlin happens twice; the earlier one (still summer time, UTC+2) is taken
    assert str(orders["ordered_at"][1]) == "2026-10-25 00:30:00+00:00"
    customers = pl.read_parquet(raw / "crm_customers" / "customers_excel_de.csv.parquet").sort("customer_id")
    assert customers["city"].to_list() == ["Köln", "Köln"]
    assert customers["email"][0].startswith("email_")
    ga4 = pl.read_parquet(raw / "web_events" / "ga4_events_2026-10-01.jsonl.parquet").sort("event_at")
    first = ga4.row(0, named=True)
    assert (first["page_path"], first["session_id"], first["channel"], first["dwell_seconds"]) == (
        "/de/produkt/42",
        "1790841600",
        "web",
        4.2,
    )
    assert ga4["channel"].to_list() == ["web", "app", "web"]


def test_no_personal_data_from_the_corpus_in_clear_text(ingested):
    assert find_pii(ingested[0], NEEDLES) == []


def test_ingesting_the_same_files_again_adds_nothing(ingested):
    raw = ingested[0]
    before = {p: p.stat().st_mtime_ns for p in raw.rglob("*.parquet")}
    for table, spec in SPECS.items():
        outcome = ingest_table(spec, load_suite(table), CORPUS, raw, KEY)
        assert outcome.results == []  # every file unchanged (same sha256): skipped
    assert {p: p.stat().st_mtime_ns for p in raw.rglob("*.parquet")} == before


def test_a_corrected_re_export_replaces_the_earlier_rows(tmp_path):
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    (landing / "web").mkdir(parents=True)
    source = (CORPUS / "web" / "clickstream_2026-10-01.csv").read_text()
    day = landing / "web" / "clickstream_2026-10-01.csv"
    day.write_text(source)
    spec, suite = SPECS["web_events"], load_suite("web_events")
    ingest_table(spec, suite, landing, raw, KEY)
    corrected = "\n".join(line for line in source.splitlines() if not line.startswith("w2,")) + "\n"
    day.write_text(corrected)  # same day, same name, one event withdrawn
    outcome = ingest_table(spec, suite, landing, raw, KEY)
    assert [r.path.name for r in outcome.results] == [day.name]
    rows = pl.read_parquet(raw / "web_events" / f"{day.name}.parquet")
    assert sorted(rows["event_id"]) == ["w1", "w3"]
    log = pl.read_parquet(raw / "_audit" / "ingestion_log" / "web_events" / "*.parquet")
    assert len(log) == 1 and log["rows_loaded"][0] == 2
