"""The polars row rules of ingestion (pipeline.ingest.rules) against great-expectations itself
(pipeline.quality.gx): on every file of the hostile corpus that reaches typing, the rows a rule flags
for a suite expectation are exactly the rows GX flags as failing it, on the same typed frame.

One deliberate difference: for uniqueness GX flags every copy of a repeated value, the rule every
copy but the first (the first is loaded, so the loaded table is unique). The test holds the rule to
that: GX's rows are the rule's rows plus the first copy of each of their values."""

from dataclasses import replace
from datetime import UTC, datetime

import polars as pl
import pytest

from pipeline.config import IngestLimits
from pipeline.ingest import files
from pipeline.ingest.mappings import apply_mapping, load_mappings, mapping_for
from pipeline.ingest.reading import read_strings
from pipeline.ingest.results import FileRejected
from pipeline.ingest.rules import row_rule
from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import landing_files
from pipeline.quality.gx import failing_rows
from tests.conftest import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "tests" / "data" / "hostile"
KEY = b"corpus-key"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
MAPPINGS = load_mappings()
FILES = [(table, path) for table, spec in SPECS.items() for path in landing_files(spec, CORPUS, MAPPINGS)]


def _typed(table: str, path) -> pl.DataFrame | None:
    """The typed frame ingest_file validates (the steps of pipeline.ingest.files), or None for a file
    rejected before typing."""
    spec, suite, limits = SPECS[table], load_suite(table), IngestLimits()
    mapping = mapping_for(path, table, MAPPINGS)
    if mapping is not None and mapping.source_tz:
        spec = replace(spec, source_tz=mapping.source_tz)
    try:
        strings, _, _, _, nul = read_strings(path, mapping.encoding if mapping else None, limits)
    except FileRejected:
        return None
    cleaned = files._clean(apply_mapping(strings, mapping), spec, KEY, limits, nul)
    cleaned.strings, missing = files._required_columns(cleaned.strings, spec, suite, cleaned.present)
    if missing or cleaned.strings.is_empty():
        return None
    return files._typed(cleaned, spec)


@pytest.mark.parametrize(("table", "path"), FILES, ids=[f"{t}/{p.name}" for t, p in FILES])
def test_rule_rows_are_the_rows_gx_flags(table, path):
    typed = _typed(table, path)
    if typed is None:
        pytest.skip("rejected before typing: no rows to compare")
    spec, suite = SPECS[table], load_suite(table)
    frame = typed.select(*spec.columns)
    by_gx = failing_rows(frame, suite)
    compared = 0
    for e in suite.expectations:
        if not e.row_level:
            continue
        flagged = typed.select(row_rule(e).is_not_null().arg_true())["literal"].to_list()
        expected = by_gx[(e.type, e.column)]
        if e.type == "expect_column_values_to_be_unique":
            values = frame[e.column].gather(flagged).unique()
            first = frame.with_row_index("i").filter(pl.col(e.column).is_in(values.implode()))
            flagged = sorted(set(flagged) | set(first.group_by(e.column).agg(pl.col("i").min())["i"]))
        assert flagged == expected, (e.type, e.column, frame[e.column].gather(expected).to_list())
        compared += 1
    assert compared > 0


def test_rule_rows_are_the_rows_gx_flags_on_edge_values(tmp_path):
    """Values the corpus lacks, each row's fate worked out by hand. "NaN" read as a number was above
    every bound for the polars rule and missing for GX (pandas): now it is not a number at all."""
    path = tmp_path / "edges.csv"
    path.write_text(
        "event_id,event_at,anonymous_id,event_name,channel,dwell_seconds\n"
        "e1,2026-10-01 10:00:00,a1,page_view,web,NaN\n"  # not a number: type reason, no rule
        "e2,2026-10-01 10:00:01,a1,page_view,web,inf\n"  # above 86400
        "e3,2026-10-01 10:00:02,a1,page_view,web,-0\n"  # zero: inside
        "e4,2026-10-01 10:00:03,a1,Seite_ä,web,86400\n"  # ä is not in [A-Za-z0-9_]; 86400 inside
        "e5,2026-10-01 10:00:04,a1,page_view,web,86400.5\n"  # above
        "e1,2026-10-01 10:00:05,a1,page_view,web,1\n"  # the second e1
    )
    typed = _typed("web_events", path)
    suite = load_suite("web_events")
    frame = typed.select(*SPECS["web_events"].columns)
    assert frame["dwell_seconds"][0] is None
    by_gx = failing_rows(frame, suite)
    rules = {(e.type, e.column): row_rule(e) for e in suite.expectations if e.row_level}
    flagged = {k: typed.select(r.is_not_null().arg_true())["literal"].to_list() for k, r in rules.items()}
    assert flagged[("expect_column_values_to_be_between", "dwell_seconds")] == [1, 4]
    assert flagged[("expect_column_values_to_match_regex", "event_name")] == [3]
    assert flagged[("expect_column_values_to_be_unique", "event_id")] == [5]
    assert by_gx[("expect_column_values_to_be_between", "dwell_seconds")] == [1, 4]
    assert by_gx[("expect_column_values_to_match_regex", "event_name")] == [3]
    assert by_gx[("expect_column_values_to_be_unique", "event_id")] == [0, 5]  # every copy
    result = files.ingest_file(path, SPECS["web_events"], suite, KEY, now=NOW)
    reasons = dict(zip(result.quarantined["row_number"], result.quarantined["reason"], strict=True))
    assert reasons[1] == "column 'dwell_seconds': 'NaN' is not a number"
