"""Property: whatever lands — random rows in random encodings and separators, truncated or raw random
bytes — ingestion never crashes, every file's counts reconcile (read = loaded + quarantined), and no
e-mail address or phone number from the input is found in clear text under the raw zone."""

import csv
import io
import shutil
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table
from tests.pii_scan import find_pii

KEY = b"property-key"
NAMES = st.sampled_from(["anna", "jörg", "lee", "o.brien", "m-u"])
EMAILS = st.builds(
    lambda n, d: f"{n.replace('ö', 'oe')}@{d}.example", NAMES, st.sampled_from(["mail", "shop", "web"])
)
PHONES = st.builds(
    lambda prefix, digits: f"{prefix}{digits}",
    st.sampled_from(["+49 151 ", "0171 ", "+43 1 ", "030 "]),
    st.integers(min_value=1_000_000, max_value=9_999_999).map(str),
)
JUNK = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
CELL = st.one_of(
    JUNK,
    st.sampled_from(
        ["", "2026-10-01 10:00:00", "01.10.2026 10:00", "2026-03-29 02:30", "12,5", "-3", "11", "5"]
    ),
    st.sampled_from(["survey", "review", "de", "en", "web", "phone", "true", "nein"]),
)


@st.composite
def feedback_file(draw) -> tuple[bytes, list[str]]:
    """A feedback export: known and unknown columns, PII inside free text, and damage."""
    columns = ["feedback_id", "customer_id", "submitted_at", "nps", "csat", "ces", "text", "source"]
    columns += draw(st.lists(st.sampled_from(["extra", "kontakt", "note"]), max_size=2, unique=True))
    needles: list[str] = []
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        email, phone = draw(EMAILS), draw(PHONES)
        needles += [email, phone]
        row = {c: draw(CELL) for c in columns}
        row["feedback_id"] = draw(st.sampled_from(["F1", "F2", "F3", "", draw(JUNK)]))
        row["text"] = f"{draw(JUNK)} {email} {draw(JUNK)}\n{phone}"
        rows.append(row)
    sep = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=columns, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    if draw(st.booleans()):
        writer.writeheader()  # a headerless file makes its first data row the "header"
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    data = out.getvalue().encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]  # truncated delivery
    return data, needles


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    files=st.lists(
        st.one_of(feedback_file(), st.binary(max_size=300).map(lambda b: (b, []))), min_size=1, max_size=4
    )
)
def test_any_landing_files_reconcile_and_leak_no_personal_data(files):
    root = Path(tempfile.mkdtemp(prefix="landing-"))
    try:
        landing, raw = root / "landing", root / "raw"
        (landing / "feedback").mkdir(parents=True)
        needles = []
        for i, (data, file_needles) in enumerate(files):
            (landing / "feedback" / f"export_{i}.csv").write_bytes(data)
            needles += file_needles
        outcome = ingest_table(SPECS["feedback"], load_suite("feedback"), landing, raw, KEY)
        assert len(outcome.results) == len(files)
        log = pl.read_parquet(raw / "_audit" / "ingestion_log" / "feedback" / "*.parquet")
        assert len(log) == len(files)
        assert (log["rows_read"] == log["rows_loaded"] + log["rows_quarantined"]).all()
        for result in outcome.results:
            assert result.status in ("loaded", "loaded_with_quarantine", "rejected")
            assert result.message.startswith(result.path.name)  # every message names its file
            assert "could not be parsed" not in result.message  # the safety net is not the normal path
        # emails survive a cp1252 round trip unchanged (ASCII); look for every one, and every phone
        assert find_pii(raw, sorted(set(needles))) == []
    finally:
        shutil.rmtree(root)
