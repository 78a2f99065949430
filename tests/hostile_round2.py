"""Build the second hostile corpus (issue 17) into a landing directory; the outcome of every file is
written down in tests/data/hostile_round2/cases.yml. Generated, not committed: symbolic links and a
FIFO are not files a repository holds, and the 200 MiB field is made at test time in a temporary
directory.

    python -m tests.hostile_round2 DIR [--no-huge]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
from pathlib import Path

import yaml

CASES_FILE = Path(__file__).parent / "data" / "hostile_round2" / "cases.yml"
HUGE = "web/clickstream_200mb_field.csv"
HUGE_FIELD_BYTES = 200 << 20
DEPTH = 100_000

WEB_HEADER = "event_id,event_at,anonymous_id,customer_id,session_id,event_name,page_path,channel,device,dwell_seconds,properties"


def cases() -> dict[str, dict]:
    """The written-down outcome of every file, by ``folder/name`` (without the PII needles)."""
    loaded = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    loaded.pop("pii_needles")
    return loaded


def pii_needles() -> list[str]:
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["pii_needles"]


def _web_rows(prefix: str, n: int, day: str = "2026-10-05") -> list[str]:
    return [
        f"{prefix}{i},{day}T10:{i // 60:02d}:{i % 60:02d}Z,h2{prefix},,,page_view,/p/{i},web,desktop,{i % 50},"
        for i in range(1, n + 1)
    ]


def _ga4(n: int, **extra) -> str:
    event = {
        "event_date": "20261005",
        "event_timestamp": str(1791187200000000 + n * 1_000_000),
        "event_name": "page_view",
        "user_pseudo_id": f"h2ga4.{n}",
        "event_params": [
            {"key": "ga_session_id", "value": {"int_value": "1791187200"}},
            {"key": "page_location", "value": {"string_value": f"https://shop.example/p/{n}"}},
        ],
        "platform": "WEB",
        "device": {"category": "mobile"},
    }
    event.update(extra)
    return json.dumps(event)


def _write(landing: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> None:
    path = landing / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def _utf16(text: str, big_endian: bool) -> bytes:
    """What Excel's "Unicode text" writes: a byte-order mark, then UTF-16, lines ending in CRLF."""
    text = text.replace("\n", "\r\n")
    return (
        (b"\xfe\xff" + text.encode("utf-16-be")) if big_endian else (b"\xff\xfe" + text.encode("utf-16-le"))
    )


def build(landing: Path, huge: bool = True) -> Path:
    """Write every case of cases.yml into ``landing`` (web/, crm/, feedback/); with ``huge=False`` the
    200 MiB case is left out."""
    for folder in ("web", "crm", "feedback"):
        (landing / folder).mkdir(parents=True, exist_ok=True)
    web = landing / "web"

    # the landing directory is a boundary
    os.symlink("/etc/passwd", web / "passwd_link.csv")
    os.symlink("/etc", web / "etc_link.csv")
    os.symlink("clickstream_trailing_sep.csv", web / "sibling_link.csv")
    os.mkfifo(web / "fifo.csv")

    # one pathological line
    deep = '{"event_name": "page_view", "user_pseudo_id": "deep", "x": ' + "[" * DEPTH + "]" * DEPTH + "}"
    _write(landing, "web/ga4_deep.jsonl", "\n".join([_ga4(1), deep, _ga4(2)]) + "\n")
    long_line = _ga4(3, event_params=[{"key": "page_title", "value": {"string_value": "x" * 5_000_000}}])
    _write(landing, "web/ga4_long_line.jsonl", "\n".join([_ga4(4), _ga4(5), long_line]) + "\n")
    _write(
        landing,
        "web/ga4_schema_mismatch.jsonl",
        "\n".join([_ga4(6), _ga4(7, event_params="oops"), _ga4(8)]) + "\n",
    )
    if huge:
        with (landing / HUGE).open("wb") as fh:
            fh.write(f"{WEB_HEADER}\n".encode())
            fh.write(b"hf1,2026-10-05T11:00:00Z,h2huge,,,page_view,/p/1,web,desktop,1,\n")
            fh.write(b"hf2,2026-10-05T11:00:01Z,h2huge,,,page_view,")
            block = b"a" * (1 << 20)
            fh.write(b"/" + block[:-1])
            for _ in range(HUGE_FIELD_BYTES // len(block) - 1):
                fh.write(block)
            fh.write(b",web,desktop,1,\n")
            fh.write(b"hf3,2026-10-05T11:00:02Z,h2huge,,,page_view,/p/3,web,desktop,1,\n")

    # encodings and shapes real tools write
    tab_rows = [
        "\t".join(row.split(","))
        for row in [WEB_HEADER]
        + [
            f"u16le{i},2026-10-05 12:00:0{i},h2u16,,,page_view,/de/größe/{i},web,desktop,{i},"
            for i in (1, 2, 3)
        ]
    ]
    _write(landing, "web/clickstream_utf16le_tab.csv", _utf16("\n".join(tab_rows) + "\n", big_endian=False))
    comma_rows = [WEB_HEADER] + [
        f"u16be{i},2026-10-05 12:00:1{i},h2u16,,,page_view,/fr/été/{i},web,desktop,{i}," for i in (1, 2, 3)
    ]
    _write(
        landing, "web/clickstream_utf16be_comma.csv", _utf16("\n".join(comma_rows) + "\n", big_endian=True)
    )
    orders = "order_id,customer_id,ordered_at,amount,currency,channel\nH2O1,C0000001,2026-10-05 09:00:00,12.5,EUR,web\nH2O2,C0000002,2026-10-05 09:30:00,99.0,EUR,app\n"
    _write(landing, "crm/orders_utf16le_comma.csv", _utf16(orders, big_endian=False))
    survey = (
        "feedback_id\tcustomer_id\tsubmitted_at\tchannel\ttouchpoint\tjourney\tnps\tcsat\tces\ttext\tlanguage\tsource\n"
        "H2F1\tC0000001\t05.10.2026 14:00\tweb\t\t\t9\t5\t2\tSchnelle Lieferung, große Freude\tde\tsurvey\n"
        "H2F2\tC0000002\t05.10.2026 15:00\tweb\t\t\t3\t2\t6\tRückruf bitte: ute.sechzehn@example.de oder +49 30 1616161\tde\tsurvey\n"
    )
    _write(landing, "feedback/umfrage_utf16be_tab.csv", _utf16(survey, big_endian=True))

    rows = _web_rows("nul", 100)
    rows[2] = rows[2].replace("/p/3", "/p/\x003")
    rows[89] = rows[89].replace("page_view", "page\x00view")
    nul_text = "\n".join([WEB_HEADER, *rows]) + "\n"
    assert nul_text.encode().index(b"\x00") < 4096 < nul_text.encode().rindex(b"\x00"), (
        "one NUL within the first 4 KB, one after"
    )
    _write(landing, "web/clickstream_nul.csv", nul_text)
    trailing = "\n".join([WEB_HEADER, *[r + "," for r in _web_rows("trail", 3)]]) + "\n"
    _write(landing, "web/clickstream_trailing_sep.csv", trailing)
    _write(
        landing,
        "crm/orders_trailing_sep_excel.csv",
        "Bestellnummer;Kundennummer;Bestelldatum;Betrag;Währung;Kanal;\n"
        "H2X1;C0000003;05.10.2026 10:00;1.234,56;EUR;web;\n"
        "H2X2;C0000004;05.10.2026 11:00;12,50;EUR;app;\n",
        encoding="cp1252",
    )
    bad = [
        f'bad{i},gestern,h2bad,,,page_view,/p/{i},web,desktop,1,"{{""contact"": ""quarantaene@example.org""}}"'
        for i in (1, 2, 3)
    ]
    _write(landing, "web/all_bad.csv", "\n".join([WEB_HEADER, *bad]) + "\n")

    # dates outside a plausible range
    _write(
        landing,
        "crm/orders_implausible_dates.csv",
        "order_id,customer_id,ordered_at,amount,currency,channel\n"
        "H2D1,C0000005,0001-01-01,10.0,EUR,web\n"
        "H2D2,C0000006,2099-01-01 10:00:00,10.0,EUR,web\n"
        "H2D3,C0000007,2026-10-05 10:00:00,10.0,EUR,web\n",
    )
    _write(
        landing,
        "crm/cases_excel_zero_date.csv",
        "case_id,customer_id,opened_at,closed_at,channel,category,handle_minutes,escalated,touchpoint\n"
        "H2K1,C0000008,1899-12-30 00:00:00,,phone,return,5,false,contact_support\n"
        "H2K2,C0000009,2026-10-05 08:00:00,2026-10-05 08:10:00,chat,account,10,false,contact_support\n",
    )
    _write(
        landing,
        "feedback/survey_1900.csv",
        "feedback_id,customer_id,submitted_at,channel,touchpoint,journey,nps,csat,ces,text,language,source\n"
        "H2S1,C0000010,01.01.1900,web,,,8,4,,ok,de,survey\n"
        "H2S2,C0000011,05.10.2026 09:00,web,,,8,4,,gut,de,survey\n",
    )
    return landing


def data_records(path: Path) -> int:
    """The number of data records of a regular landing file, counted without the ingestion code: CSV
    records by Python's csv module (header not counted), non-blank lines of JSON lines."""
    import csv
    import io

    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    name = path.name.removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return sum(1 for line in raw.split(b"\n") if line.strip())
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")):
        if raw.startswith(bom):
            text = raw[len(bom) :].decode(encoding)
            break
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
    if len(text) > 50_000_000:  # the 200 MiB case: no quoting in it, lines are records
        return sum(1 for line in text.split("\n") if line.strip()) - 1
    header = text.split("\n", 1)[0]
    sep = max([",", ";", "\t", "|"], key=header.count)
    previous = csv.field_size_limit(1 << 30)  # process-wide: restored, the ingestion's reader relies on it
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        return sum(1 for record in reader if any(f.strip() for f in record)) - 1
    finally:
        csv.field_size_limit(previous)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m tests.hostile_round2")
    parser.add_argument("landing", type=Path)
    parser.add_argument("--no-huge", action="store_true", help="leave out the 200 MiB case")
    args = parser.parse_args()
    build(args.landing, huge=not args.no_huge)
    print(f"hostile corpus (round two) written to {args.landing}")
