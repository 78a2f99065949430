"""The second hostile corpus (issue 17), built by tests/hostile_round2.py into a temporary landing
directory (links, a FIFO, a 200 MiB field): every file ends as tests/data/hostile_round2/cases.yml
says, counts reconcile with an independent count of the file's records, nothing a link points to is
read, nothing oversized is stored, and the Dagster checks, the run records and pipeline.run's summary
name every file that loaded nothing."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipeline.config import ConfigError, IngestLimits, load_settings
from pipeline.ingest import files
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table, landing_entries
from tests.conftest import settings_for
from tests.hostile_round2 import HUGE, build, cases, data_records, pii_needles
from tests.pii_scan import find_pii

CASES = cases()
KEY = b"round-two-key"
PASSWD = [line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()]
# the quarantine keeps at most this much of a row (the marker " …[cut, N characters]" included)
RAW_TEXT_BOUND = IngestLimits().quarantine_text_chars + 40


def _ingest(landing: Path, raw: Path, limits: IngestLimits | None = None) -> dict[str, files.FileResult]:
    results = {}
    for table, spec in SPECS.items():
        for r in ingest_table(spec, load_suite(table), landing, raw, KEY, limits=limits).results:
            results[f"{spec.folder}/{r.path.name}"] = r
    return results


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    landing = build(tmp_path_factory.mktemp("landing"))
    raw = tmp_path_factory.mktemp("raw")
    yield landing, raw, _ingest(landing, raw)
    (landing / HUGE).unlink()  # pytest keeps the temporary directories of the last runs: not 200 MiB


def _bytes_under(directory: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file())


def test_every_built_file_has_a_written_down_outcome(corpus):
    landing, _, results = corpus
    on_disk = {f"{p.parent.name}/{p.name}" for p in landing.glob("*/*")}  # links and the FIFO too
    assert on_disk == set(CASES) == set(results)


@pytest.mark.parametrize("name", sorted(CASES))
def test_file_ends_as_written_down(corpus, name):
    landing, _, results = corpus
    case, result = CASES[name], results[name]
    assert result.table == case["table"]
    assert (result.status, result.rows_loaded, result.rows_quarantined) == (
        case["status"],
        case["loaded"],
        case["quarantined"],
    ), result.message
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    assert result.message.startswith(Path(name).name)  # names its file
    assert "\n" not in result.message
    if "message" in case:
        assert case["message"] in result.message
    reasons = " | ".join(result.quarantined["reason"].to_list()) if result.rows_quarantined else ""
    for reason in case.get("reasons", []):
        assert reason in reasons, reasons
    for key in ("separator", "encoding", "extra_columns"):
        if key in case:
            assert getattr(result, key) == case[key]
    path = landing / name
    if path.is_symlink() or not path.is_file():
        assert result.rows_read == 0 and result.sha256 == ""  # rejected unread
    else:  # every record of the file is accounted for, counted without the ingestion code
        assert result.rows_read == data_records(path)


def test_nothing_a_link_points_to_is_read(corpus):
    _, raw, results = corpus
    assert not (raw / "web_events" / "sibling_link.csv.parquet").exists()
    assert not (raw / "web_events" / "passwd_link.csv.parquet").exists()
    everything = _bytes_under(raw)
    assert [line for line in PASSWD if line.encode() in everything] == []
    assert find_pii(raw, PASSWD) == []  # also inside compressed Parquet pages
    for name in ("web/passwd_link.csv", "web/etc_link.csv", "web/fifo.csv"):
        assert results[name].seconds < 1  # the FIFO did not block


def test_nothing_oversized_or_nul_is_stored(corpus):
    _, raw, _ = corpus
    size = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file())
    assert size < 5_000_000, size  # the 200 MiB field and the 5 MB line were not copied
    quarantine = pl.read_parquet(raw / "_audit" / "quarantine" / "*" / "*.parquet")
    assert quarantine["raw_text"].str.len_chars().max() <= RAW_TEXT_BOUND
    huge = quarantine.filter(pl.col("source_file") == Path(HUGE).name)
    assert huge["raw_text"][0].startswith("hf2,2026-10-05T11:00:01Z,h2huge,,,page_view,/aaaa")
    assert "…[cut, 209715200 characters]" in huge["raw_text"][0]
    for path in raw.rglob("*.parquet"):
        frame = pl.read_parquet(path)
        for column in (c for c in frame.columns if frame[c].dtype == pl.String):
            assert not frame[column].str.contains("\x00", literal=True).any(), (path, column)
    assert "␀" in " ".join(quarantine.filter(pl.col("source_file") == "clickstream_nul.csv")["raw_text"])


def test_no_personal_data_in_clear_text(corpus):
    assert find_pii(corpus[1], pii_needles()) == []


def test_utf16_values_read_as_written(corpus):
    raw = corpus[1]
    le = pl.read_parquet(raw / "web_events" / "clickstream_utf16le_tab.csv.parquet").sort("event_id")
    assert le["page_path"].to_list() == ["/de/größe/1", "/de/größe/2", "/de/größe/3"]
    be = pl.read_parquet(raw / "web_events" / "clickstream_utf16be_comma.csv.parquet").sort("event_id")
    assert be["page_path"][0] == "/fr/été/1" and be["dwell_seconds"].to_list() == [1.0, 2.0, 3.0]
    orders = pl.read_parquet(raw / "crm_orders" / "orders_trailing_sep_excel.csv.parquet").sort("order_id")
    assert orders["amount"].to_list() == [1234.56, 12.5]


def test_the_sensor_and_the_run_window_see_only_regular_files(corpus):
    from pipeline.defs.automation.jobs import landing_fingerprints

    landing = corpus[0]
    seen = landing_fingerprints(landing)  # hashes every file: would block on the FIFO, read the links
    assert not {"web/fifo.csv", "web/passwd_link.csv", "web/etc_link.csv", "web/sibling_link.csv"} & set(seen)
    regular, refused = landing_entries(SPECS["web_events"], landing)
    assert {p.name for p, _ in refused} == {"fifo.csv", "passwd_link.csv", "etc_link.csv", "sibling_link.csv"}
    assert all(not p.is_symlink() and p.is_file() for p in regular)


def test_a_table_folder_that_is_a_link_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "customers.csv").write_text("customer_id,email\nC1,secret.person@example.org\n")
    landing, raw = tmp_path / "landing", tmp_path / "raw"
    landing.mkdir()
    os.symlink(outside, landing / "crm")
    outcome = ingest_table(SPECS["crm_customers"], load_suite("crm_customers"), landing, raw, KEY)
    (result,) = outcome.results
    assert result.status == "rejected" and result.rows_read == 0
    assert "crm/: the folder is a symbolic link" in result.message
    assert outcome.rejected == [result]
    assert b"secret.person" not in _bytes_under(raw)


def test_a_depth_limit_beyond_what_parsers_survive_still_costs_one_line(tmp_path):
    """With JOURNEY_MAX_JSON_DEPTH raised past the depth of the line, the parsers meet it: polars
    refuses it, Python's json raises RecursionError; the line is quarantined alone, the rest loads."""
    landing = tmp_path / "landing"
    build(landing, huge=False)
    raw = tmp_path / "raw"
    outcome = ingest_table(
        SPECS["web_events"],
        load_suite("web_events"),
        landing,
        raw,
        KEY,
        limits=IngestLimits(max_json_depth=1_000_000),
    )
    (deep,) = [r for r in outcome.results if r.path.name == "ga4_deep.jsonl"]
    assert (deep.status, deep.rows_loaded, deep.rows_quarantined) == ("loaded_with_quarantine", 2, 1)
    assert "recursion" in deep.quarantined["reason"][0]
    assert deep.quarantined["row_number"].to_list() == [2]


def test_an_unforeseen_error_rejects_its_file_only(tmp_path, monkeypatch):
    """Whatever escapes the rules (here: a RecursionError raised inside the parsing of one file) rejects
    that file with its name and the cause; the table's other files load."""
    landing = tmp_path / "landing"
    build(landing, huge=False)
    original = files._ingest_strings

    def failing_for_one_file(strings, malformed, path, *args, **kwargs):
        if path.name == "clickstream_trailing_sep.csv":
            raise RecursionError("maximum recursion depth exceeded")
        return original(strings, malformed, path, *args, **kwargs)

    monkeypatch.setattr(files, "_ingest_strings", failing_for_one_file)
    outcome = ingest_table(SPECS["web_events"], load_suite("web_events"), landing, tmp_path / "raw", KEY)
    by_name = {r.path.name: r for r in outcome.results}
    failed = by_name["clickstream_trailing_sep.csv"]
    assert failed.status == "rejected"
    assert failed.message == (
        "clickstream_trailing_sep.csv: could not be parsed (RecursionError: maximum recursion depth exceeded)"
    )
    assert by_name["clickstream_utf16le_tab.csv"].status == "loaded"
    assert failed in outcome.rejected


def test_limits_come_from_the_settings(tmp_path):
    limits = load_settings(
        {
            "JOURNEY_MAX_FIELD_BYTES": "100",
            "JOURNEY_MAX_JSON_LINE_BYTES": "1_000",
            "JOURNEY_MAX_JSON_DEPTH": "3",
            "JOURNEY_QUARANTINE_TEXT_CHARS": "50",
            "JOURNEY_DATE_FLOOR": "1800-01-01",
            "JOURNEY_FUTURE_TOLERANCE_HOURS": "0",
        }
    ).limits
    assert limits == IngestLimits(100, 1000, 3, 50, date(1800, 1, 1), timedelta(0))
    assert load_settings({}).limits == IngestLimits()
    for bad in (
        {"JOURNEY_MAX_FIELD_BYTES": "0"},
        {"JOURNEY_MAX_JSON_DEPTH": "many"},
        {"JOURNEY_DATE_FLOOR": "1.1.1990"},
    ):
        with pytest.raises(ConfigError, match=next(iter(bad))):
            load_settings(bad)
    # applied: a lower floor loads Excel's day zero, a small field limit quarantines a long path
    landing = tmp_path / "landing"
    build(landing, huge=False)
    results = _ingest(landing, tmp_path / "raw", limits)
    assert results["crm/cases_excel_zero_date.csv"].rows_loaded == 2
    utf16 = results["web/clickstream_utf16le_tab.csv"]
    assert utf16.rows_loaded == 3  # paths are short
    nul = results["web/clickstream_nul.csv"].quarantined
    assert nul["raw_text"].str.len_chars().max() <= 50 + 40


def test_dagster_check_run_record_and_summary_name_the_files(tmp_path):
    """In Dagster: the night's ingestion succeeds, the check every_web_events_file_was_accepted fails
    naming the links, the FIFO and the file whose rows were all quarantined; the run record
    (audit.runs) and pipeline.run's summary name them too."""
    from pipeline.defs.ingest.assets import ingest_assets, ingestion_audit
    from pipeline.defs.quality.checks import raw_checks
    from pipeline.run import files_not_accepted
    from pipeline.run_records import load_run_records

    landing = build(tmp_path / "landing", huge=False)
    result = dg.materialize(
        [*ingest_assets, ingestion_audit, *raw_checks],
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        partition_key="2026-10-05",
        resources={"settings": settings_for(landing, tmp_path / "warehouse")},
    )
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    web = evaluations["every_web_events_file_was_accepted"]
    assert not web.passed
    messages = web.metadata["messages"].value
    for name in ("passwd_link.csv", "etc_link.csv", "sibling_link.csv", "fifo.csv", "all_bad.csv"):
        assert name in messages
    assert "all 3 rows quarantined" in messages
    assert evaluations["every_crm_orders_file_was_accepted"].passed  # quarantined rows only
    summary = files_not_accepted(result)
    assert len(summary) == 5 and all("\n" not in m for m in summary)
    records = load_run_records(tmp_path / "warehouse")
    (web_record,) = records.filter(pl.col("stage") == "ingest/web_events").to_dicts()
    assert web_record["outcome"] == "success"
    for name in ("passwd_link.csv", "fifo.csv", "all_bad.csv"):
        assert name in web_record["detail"]
