"""pipeline.ingest.quarantine: the quarantine keeps a bad row's raw text and reason without personal
data in clear text and without more than JOURNEY_QUARANTINE_TEXT_CHARS of it."""

import re
from pathlib import Path

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest.quarantine import malformed_frame, quarantine_rows
from pipeline.ingest.results import QUARANTINE_SCHEMA
from pipeline.ingest.specs import TableSpec

KEY = b"quarantine-key"
SPEC = TableSpec(
    table="t",
    folder="t",
    patterns=("*.csv",),
    columns={"id": "string", "customer_id": "string", "note": "string"},
    key="id",
    source_tz="UTC",
    pii={"customer_id": "id", "note": "text"},
)
PSEUDONYM = re.compile(r"email_[0-9a-f]{24}")


def test_bad_rows_keep_their_number_text_and_reason_scrubbed_and_cut():
    limits = IngestLimits(quarantine_text_chars=10)
    rows = pl.DataFrame(
        {
            "_row_number": [3, 7],
            "a": ["mail max.muster@example.com please", "w " * 40],
            "why": ["column 'x': 'max.muster@example.com' is wrong", "too long"],
        }
    )
    out = quarantine_rows(rows, "t", Path("/landing/t/f.csv"), pl.col("a"), pl.col("why"), KEY, limits)
    assert out.schema == pl.Schema(QUARANTINE_SCHEMA)
    assert out.select("table_name", "source_file", "row_number").rows() == [
        ("t", "f.csv", 3),
        ("t", "f.csv", 7),
    ]
    first = out.row(0, named=True)
    assert "@" not in first["raw_text"] + first["reason"]
    assert PSEUDONYM.search(first["raw_text"]) and PSEUDONYM.search(first["reason"])
    # 80 characters, over 10 + 40: the first 10 ("w w w w w ") and the marker
    assert out["raw_text"][1] == "w w w w w  …[cut, 80 characters]"


def test_malformed_records_leave_out_personal_columns_and_protect_identifiers():
    header = ["ID", "Customer ID", "E-Mail", "Note"]
    fields = ["1", "anna@example.org", "anna@example.org", "ruf an: anna@example.org", "extra"]
    out = malformed_frame([(4, header, fields, "row has 5 fields")], SPEC, Path("f.csv"), KEY, IngestLimits())
    assert out.select("table_name", "source_file", "row_number", "reason").rows() == [
        ("t", "f.csv", 4, "row has 5 fields")
    ]
    raw = out["raw_text"][0]
    parts = raw.split(",")
    # E-Mail is not a column of the table and names personal data: left out; the field past the
    # header has no name and is kept like any text
    assert len(parts) == 4 and parts[0] == "1" and parts[-1] == "extra"
    assert "@" not in raw
    assert PSEUDONYM.fullmatch(parts[1])  # an identifier that is an address becomes its bare pseudonym
    assert parts[2].startswith("ruf an: <email_")


def test_no_malformed_records_no_rows():
    assert malformed_frame([], SPEC, Path("f.csv"), KEY, IngestLimits()).is_empty()
