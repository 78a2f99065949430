"""Ingestion of hand-written hostile files: every row loaded or quarantined with a reason."""

from datetime import UTC, datetime

import polars as pl
import pytest

from pipeline.ingest import pii
from pipeline.ingest.files import ingest_file
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import SuiteError, load_suite
from pipeline.ingest.values import parse_timestamps

KEY = b"test-key"
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _ingest(tmp_path, table, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    result = ingest_file(path, SPECS[table], load_suite(table), KEY, now=NOW)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    return result


def test_german_excel_export_semicolons_decimal_comma_cp1252(tmp_path):
    text = "order_id;customer_id;ordered_at;amount;currency;channel\r\nO1;C1;24.12.2025 18:30;1.234,50;EUR;Filiale\r\n"
    result = _ingest(tmp_path, "crm_orders", "orders_de.csv", text.encode("cp1252"))
    assert result.encoding == "cp1252" or result.encoding == "utf-8"
    row = result.loaded.row(0, named=True)
    assert row["amount"] == 1234.50
    # 18:30 Berlin wall time in winter is 17:30 UTC
    assert row["ordered_at"] == datetime(2025, 12, 24, 17, 30, tzinfo=UTC)


def test_utf8_bom_and_umlauts_in_quoted_multiline_text(tmp_path):
    text = 'feedback_id,submitted_at,text,csat\nF1,2026-10-01 10:00:00,"Sehr gut,\nüberall ""super""",5\n'
    result = _ingest(tmp_path, "feedback", "survey.csv", b"\xef\xbb\xbf" + text.encode())
    assert result.rows_loaded == 1
    assert result.loaded["text"][0] == 'Sehr gut,\nüberall "super"'


def test_bad_rows_are_quarantined_with_reasons(tmp_path):
    text = (
        "feedback_id,submitted_at,nps,csat,source\n"
        "F1,2026-10-01 10:00:00,11,3,survey\n"  # nps out of range
        "F2,not a date,5,3,survey\n"  # bad timestamp
        "F3,2026-10-01 10:00:00,5,3,survey\n"
        "F3,2026-10-02 10:00:00,5,3,survey\n"  # duplicate id
        "F4,2026-10-01 10:00:00,5,3,tweet\n"  # unknown source
        "F5,2031-01-01 10:00:00,5,3,survey\n"  # future
    )
    result = _ingest(tmp_path, "feedback", "survey.csv", text.encode())
    reasons = dict(
        zip(result.quarantined["row_number"].to_list(), result.quarantined["reason"].to_list(), strict=True)
    )
    assert result.rows_loaded == 1 and result.rows_quarantined == 5
    assert "'nps': 11 is outside 0..10" in reasons[1]
    assert "'submitted_at'" in reasons[2] and "is not a date/time" in reasons[2]
    assert "duplicate feedback_id 'F3' (first seen in row 3)" in reasons[4]
    assert "'source': 'tweet' is not one of" in reasons[5]
    assert "in the future" in reasons[6]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"order_id,customer_id,ordered_at,amount\n", "header only"),
        (b"order_id,ordered_at,amount\nO1,2026-01-01,3\n", "required column 'customer_id' is missing"),
    ],
)
def test_whole_file_problems_name_the_file_and_column(tmp_path, content, message):
    result = _ingest(tmp_path, "crm_orders", "orders_bad.csv", content)
    assert result.status == "rejected"
    assert "orders_bad.csv" in result.message and message in result.message
    assert result.rows_loaded == 0


def test_broken_quoting_quarantines_only_the_broken_row(tmp_path):
    text = "order_id,customer_id,ordered_at,amount\nO1,C1,2026-01-01,3\nO2,C2,2026-01-02,4,extra\nO3,C3,2026-01-03,5\n"
    result = _ingest(tmp_path, "crm_orders", "orders.csv", text.encode())
    assert result.loaded["order_id"].to_list() == ["O1", "O3"]
    assert "5 fields but the header has 4" in result.quarantined["reason"][0]


def test_pii_is_hashed_in_loaded_and_quarantined_rows(tmp_path):
    text = (
        "customer_id,email,first_name,phone,street\n"
        "C1,Anna@Example.com,Anna,+49 151 1234567,Hauptstraße 1\n"
        ",bob@example.com,Bob,0151 7654321,Weg 2\n"  # missing id -> quarantined
    )
    result = _ingest(tmp_path, "crm_customers", "customers.csv", text.encode())
    loaded = result.loaded.row(0, named=True)
    assert loaded["email"] == pii.pseudonym(KEY, "email", "anna@example.com")
    assert loaded["phone"].startswith("phone_") and loaded["street"].startswith("address_")
    everything = str(result.loaded.to_dicts()) + str(result.quarantined.to_dicts())
    for secret in ("Anna@Example.com", "bob@example.com", "Bob", "7654321", "Hauptstraße"):
        assert secret not in everything


def test_free_text_pii_is_scrubbed():
    text = pii.scrub_text("Ruf mich an: +49 (0)30 1234 5678 oder schreib an max@example.de", KEY)
    assert "example.de" not in text and "1234" not in text and "<email_" in text and "<phone_" in text


def test_a_broken_suite_is_an_error(tmp_path):
    (tmp_path / "feedback.json").write_text('{"name": "feedback", "expectations": [ {"type": ')
    with pytest.raises(SuiteError, match=r"feedback\.json: not valid JSON"):
        load_suite("feedback", tmp_path)


def test_every_suite_in_expectations_loads():
    for table in SPECS:
        assert load_suite(table).expectations


def test_reconciliation_on_a_frame_of_many_rows(tmp_path):
    frame = pl.DataFrame(
        {
            "order_id": [f"O{i % 900}" for i in range(1000)],
            "customer_id": "C1",
            "ordered_at": "2026-01-01 10:00:00",
            "amount": [str(i) for i in range(1000)],
        }
    )
    path = tmp_path / "orders_many.csv"
    frame.write_csv(path)
    result = ingest_file(path, SPECS["crm_orders"], load_suite("crm_orders"), KEY, now=NOW)
    assert (result.rows_loaded, result.rows_quarantined) == (900, 100)


def test_production_refuses_to_run_without_a_pii_key_and_development_warns():
    from pipeline.config import DEV_PII_KEY, ConfigError, load_settings

    with pytest.raises(ConfigError, match="JOURNEY_PII_KEY is not set"):
        load_settings({"JOURNEY_ENV": "production"})
    with pytest.warns(UserWarning, match="PUBLIC DEVELOPMENT KEY"):
        assert load_settings({}).pii_key == DEV_PII_KEY.encode()
    assert load_settings({"JOURNEY_ENV": "production", "JOURNEY_PII_KEY": "s3cret"}).pii_key == b"s3cret"


def test_gx_batch_is_bounded_deduplicated_and_keeps_the_latest_copy(tmp_path):
    from datetime import timedelta

    from pipeline.quality.gx import load_batch

    files = []
    for day in range(3):  # ids 0..99 delivered on day 0, ids 50..149 re-delivered on day 1, etc.
        ids = [f"e{i:03d}" for i in range(day * 50, day * 50 + 100)]
        frame = pl.DataFrame(
            {
                "event_id": ids,
                "value": [day] * 100,
                "_ingested_at": [NOW + timedelta(days=day)] * 100,
                "_row_number": range(1, 101),  # the raw zone keeps each row's number in its file
            }
        ).with_columns(pl.lit(f"file{day}.csv").alias("_source_file"))
        files.append(tmp_path / f"file{day}.parquet")
        frame.write_parquet(files[-1])
    everything, total = load_batch(files, "event_id", max_rows=10_000)
    assert total == 300 and len(everything) == 200  # 200 distinct ids
    assert everything.filter(pl.col("event_id") == "e075")["value"].to_list() == [1]  # latest copy wins
    sample, total = load_batch(files, "event_id", max_rows=20)
    assert total == 300 and 0 < len(sample) < 60 and sample["event_id"].is_unique().all()
    latest = everything.select("event_id", "value")
    assert sample.select("event_id", "value").join(latest, on="event_id", how="anti").is_empty()


def test_timestamps_of_one_format_and_stragglers_in_others():
    """Most rows in one format (read by the format the sample picks), a few in others (read by the
    fallback over every format): each gets its instant, worked out by hand for Europe/Berlin."""
    texts = ["01.05.2026 10:00:00"] * 50 + [
        "2026-05-01T10:00:00Z",  # offset given: UTC as written
        "2026-05-01 12:00:00+0200",
        "2026-01-15 10:00",  # winter: UTC+1
        "2026-03-29 02:30:00",  # skipped by the spring change
        "29.03.2026 02:15",  # same, German format
        "2026-10-25 02:30:00",  # happens twice: the earlier (summer, UTC+2) is taken
        "not a date",
        None,
    ]
    values, skipped = parse_timestamps(pl.Series("t", texts), "Europe/Berlin")
    expected = [datetime(2026, 5, 1, 8, tzinfo=UTC)] * 50 + [
        datetime(2026, 5, 1, 10, tzinfo=UTC),
        datetime(2026, 5, 1, 10, tzinfo=UTC),
        datetime(2026, 1, 15, 9, tzinfo=UTC),
        None,
        None,
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        None,
        None,
    ]
    assert values.to_list() == expected
    assert skipped.to_list() == [False] * 53 + [True, True, False, False, False]
