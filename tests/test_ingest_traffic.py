"""Traffic source at ingestion: GA4 keeps traffic_source.name and the UTM parameters of page_location;
clickstream CSVs with a page URL column get page_path from it, query string included. Every row is
loaded or quarantined, and personal data in the URLs is still scrubbed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pipeline.ingest.files import ingest_file
from pipeline.ingest.mappings import load_mappings, mapping_for
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite

KEY = b"test-key"
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _ingest(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    mapping = mapping_for(path, "web_events", load_mappings())
    result = ingest_file(path, SPECS["web_events"], load_suite("web_events"), KEY, now=NOW, mapping=mapping)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    return result


def _everything(result) -> str:
    return str(result.loaded.to_dicts()) + str(result.quarantined.to_dicts()) + result.message


def test_ga4_keeps_campaign_and_landing_utm_and_scrubs_them(tmp_path):
    url = "https://shop.example/p/7?utm_source=news&utm_medium=email&utm_campaign=max%40example.com&email=lena@example.net"
    event = {
        "event_timestamp": "1790000000000000",
        "event_name": "page_view",
        "user_pseudo_id": "d1",
        "event_params": [{"key": "page_location", "value": {"string_value": url}}],
        "traffic_source": {"name": "spring_sale", "medium": "cpc", "source": "google"},
    }
    result = _ingest(tmp_path, "ga4_events_2026-10-01.jsonl", json.dumps(event) + "\n")
    assert result.rows_loaded == 1
    row = result.loaded.row(0, named=True)
    properties = json.loads(row["properties"])
    assert row["page_path"] == "/p/7"
    assert (properties["source"], properties["medium"], properties["campaign"]) == (
        "google",
        "cpc",
        "spring_sale",
    )
    assert (properties["utm_source"], properties["utm_medium"]) == ("news", "email")
    assert properties["utm_campaign"].startswith("<email_")  # an address as campaign name is personal data
    for secret in ("max%40example", "max@example", "lena@"):
        assert secret not in _everything(result)


def test_csv_page_url_becomes_the_path_with_its_query_string(tmp_path):
    text = (
        "event_id,event_at,anonymous_id,event_name,page_url,channel\n"
        "e1,2026-10-01T10:00:00Z,d1,page_view,https://shop.example/p/1?utm_source=news&utm_campaign=autumn,web\n"
        "e2,2026-10-01T10:01:00Z,d1,page_view,https://shop.example/cart?email=lena@example.net,web\n"
        "e3,2026-10-01T10:02:00Z,d1,page_view,https://shop.example,web\n"
        "e4,not a time,d1,page_view,https://shop.example/x,web\n"
    )
    result = _ingest(tmp_path, "clickstream_2026-10-01.csv", text)
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    paths = result.loaded.sort("event_id")["page_path"].to_list()
    assert paths[0] == "/p/1?utm_source=news&utm_campaign=autumn"
    assert paths[1].startswith("/cart?email=<email_")
    assert paths[2] == "/"
    assert "lena@" not in _everything(result)


def test_a_csv_with_page_path_keeps_it_and_its_url_column_stays_out(tmp_path):
    text = (
        "event_id,event_at,anonymous_id,event_name,page_path,page_url,channel\n"
        "e1,2026-10-01T10:00:00Z,d1,page_view,/p/1?utm_source=a,https://other.example/x,web\n"
    )
    result = _ingest(tmp_path, "clickstream_2026-10-01.csv", text)
    assert result.loaded["page_path"].to_list() == ["/p/1?utm_source=a"]
    assert "page_url" in result.extra_columns


def test_a_ga4_file_gets_no_csv_mapping(tmp_path):
    assert mapping_for(tmp_path / "ga4_events_2026-10-01.jsonl", "web_events", load_mappings()) is None
