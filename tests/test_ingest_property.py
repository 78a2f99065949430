"""Property: whatever lands — random rows in random encodings (UTF-16 with BOM included) and
separators, NUL bytes anywhere, truncated or raw random bytes, GA4 lines nested to any depth, symbolic
links and FIFOs beside the files — ingestion never crashes, every file's counts reconcile (read =
loaded + quarantined), no NUL reaches a stored value, nothing a link points to is read, and no e-mail
address or phone number from the input is found in clear text under the raw zone."""

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import IngestLimits
from pipeline.ingest.files import NOT_ACCEPTED
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
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16-le", "utf-16-be"]))
    data = out.getvalue().encode(encoding, errors="replace")
    if encoding.startswith("utf-16"):  # Excel's "Unicode text": with a byte-order mark
        data = (b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff") + data
    for at in draw(st.lists(st.integers(min_value=0, max_value=len(data)), max_size=3)):
        data = data[:at] + b"\x00" + data[at:]  # NUL bytes anywhere
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]  # truncated delivery
    return data, needles


# what can sit in a landing folder beside the exports: links (to a file or a folder outside, to a
# sibling inside) and a FIFO; none of them may be read
ODD_ENTRIES = st.lists(st.sampled_from(["link_outside", "link_dir", "link_sibling", "fifo"]), max_size=3)
SECRET = "outside.secret@example.org"


def _add_odd_entries(folder: Path, outside: Path, kinds: list[str]) -> set[str]:
    """Create the entries next to the exports; return their names."""
    secret = outside / "secret.csv"
    if not secret.exists():
        secret.write_text(f"feedback_id,text,submitted_at,source\nS1,{SECRET},2026-10-01 10:00,survey\n")
    names = set()
    for i, kind in enumerate(kinds):
        name = f"odd_{i}_{kind}.csv"
        target = {"link_outside": secret, "link_dir": outside, "link_sibling": Path("export_0.csv")}.get(kind)
        if target is None:
            os.mkfifo(folder / name)
        else:
            os.symlink(target, folder / name)
        names.add(name)
    return names


def _stored_strings(raw: Path) -> list[str]:
    return [
        v
        for p in raw.rglob("*.parquet")
        for frame in [pl.read_parquet(p)]
        for c in frame.columns
        if frame[c].dtype == pl.String
        for v in frame[c].to_list()
        if v
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    files=st.lists(
        st.one_of(feedback_file(), st.binary(max_size=300).map(lambda b: (b, []))), min_size=1, max_size=4
    ),
    odd=ODD_ENTRIES,
)
def test_any_landing_files_reconcile_and_leak_no_personal_data(files, odd):
    root = Path(tempfile.mkdtemp(prefix="landing-"))
    try:
        landing, raw, outside = root / "landing", root / "raw", root / "outside"
        (landing / "feedback").mkdir(parents=True)
        outside.mkdir()
        needles = [SECRET]
        for i, (data, file_needles) in enumerate(files):
            (landing / "feedback" / f"export_{i}.csv").write_bytes(data)
            needles += file_needles
        odd_names = _add_odd_entries(landing / "feedback", outside, odd)
        outcome = ingest_table(SPECS["feedback"], load_suite("feedback"), landing, raw, KEY)
        assert len(outcome.results) == len(files) + len(odd_names)
        log = pl.read_parquet(raw / "_audit" / "ingestion_log" / "feedback" / "*.parquet")
        assert len(log) == len(files) + len(odd_names)
        assert (log["rows_read"] == log["rows_loaded"] + log["rows_quarantined"]).all()
        for result in outcome.results:
            assert result.status in ("loaded", "loaded_with_quarantine", *NOT_ACCEPTED)
            assert result.message.startswith(result.path.name)  # every message names its file
            assert "could not be parsed" not in result.message  # the safety net is not the normal path
            if result.path.name in odd_names:  # rejected unread
                assert (result.status, result.rows_read, result.sha256) == ("rejected", 0, "")
        assert not any("\x00" in v for v in _stored_strings(raw))
        # emails survive a cp1252 round trip unchanged (ASCII); look for every one, and every phone
        assert find_pii(raw, sorted(set(needles))) == []
    finally:
        shutil.rmtree(root)


LIMIT = IngestLimits().max_json_depth


@st.composite
def ga4_line(draw) -> tuple[str, int | None]:
    """One line of a GA4 export: an event whose extra key nests objects and arrays to a random depth
    (brackets inside strings do not count), or a broken line, or a blank one. Returns (line, depth of
    the line's JSON or None when it is not JSON)."""
    kind = draw(st.sampled_from(["event", "event", "deep", "broken", "blank", "nul"]))
    if kind == "blank":
        return "", None
    if kind == "broken":
        return draw(st.sampled_from(['{"event_name": "x"', "[1, 2]", "not json", '{"a": [}']))[:60], None
    depth = draw(st.integers(min_value=0, max_value=5 if kind != "deep" else 3 * LIMIT))
    opens = draw(st.lists(st.sampled_from(["[", '{"k": ']), min_size=depth, max_size=depth))
    nested = "".join(opens) + "1" + "".join("]" if o == "[" else "}" for o in reversed(opens))
    event = {
        "event_timestamp": str(1790841600000000 + draw(st.integers(min_value=0, max_value=10**9))),
        "event_name": "page\u0000view" if kind == "nul" else "page_view",  # json.dumps writes \\u0000
        "user_pseudo_id": draw(st.sampled_from(["1.1", "2.2", "3.3"])),
        "event_params": [{"key": "page_title", "value": {"string_value": "[[[[{{{{" * LIMIT}}],
    }
    line = json.dumps(event)[:-1] + f', "x": {nested}}}'
    return line, max(depth + 1, 4)  # the event object is one level; event_params reach four


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(ga4_line(), min_size=1, max_size=12), odd=ODD_ENTRIES)
def test_any_ga4_lines_cost_at_most_their_own_row(lines, odd):
    """However deep a line nests, it never takes the file (or the night) with it: lines deeper than
    JOURNEY_MAX_JSON_DEPTH are quarantined with that reason, the others are read as usual."""
    root = Path(tempfile.mkdtemp(prefix="landing-"))
    try:
        landing, raw, outside = root / "landing", root / "raw", root / "outside"
        (landing / "web").mkdir(parents=True)
        outside.mkdir()
        (landing / "web" / "export_0.jsonl").write_text("\n".join(line for line, _ in lines) + "\n")
        odd_names = _add_odd_entries(landing / "web", outside, odd)
        outcome = ingest_table(SPECS["web_events"], load_suite("web_events"), landing, raw, KEY)
        by_name = {r.path.name: r for r in outcome.results}
        assert set(by_name) == {"export_0.jsonl", *odd_names}
        result = by_name["export_0.jsonl"]
        non_blank = [(n, line, depth) for n, (line, depth) in enumerate(lines, start=1) if line.strip()]
        if result.status == "rejected":  # only an empty file, or one whose content does not start as JSON
            assert not non_blank or not non_blank[0][1].lstrip().startswith("{"), result.message
            return
        assert result.rows_read == result.rows_loaded + result.rows_quarantined == len(non_blank)
        reasons = dict(zip(result.quarantined["row_number"], result.quarantined["reason"], strict=True))
        for number, _, depth in non_blank:
            too_deep = depth is not None and depth > LIMIT
            assert ("deeper than" in reasons.get(number, "")) == too_deep, (number, depth, reasons)
        assert not any("\x00" in v for v in _stored_strings(raw))
        assert find_pii(raw, [SECRET]) == []
    finally:
        shutil.rmtree(root)
