"""Ingesting a table keeps each file's counts, not its rows: the rows are in the raw zone once written.
At 100M events the results of 91 daily files held every loaded row (13.9 GB resident after 69 files)."""

from __future__ import annotations

import duckdb

from pipeline.ingest.specs import SPECS
from pipeline.ingest.suites import load_suite
from pipeline.ingest.zone import ingest_table

HEADER = "event_id,event_at,anonymous_id,customer_id,session_id,event_name,page_path,channel,device,dwell_seconds,properties"


def test_a_tables_results_keep_counts_and_quarantine_not_the_loaded_rows(tmp_path):
    web = tmp_path / "landing" / "web"
    web.mkdir(parents=True)
    for day, rows in (("2026-10-01", 3), ("2026-10-02", 2)):
        lines = [
            f"e{day}-{i},{day}T10:0{i}:00.000Z,v{i},,,page_view,/p/{i},web,desktop,{10 + i},"
            for i in range(rows)
        ]
        lines.append(f"bad-{day},not a time,v9,,,page_view,/,web,desktop,5,")  # quarantined: its time
        (web / f"clickstream_{day}.csv").write_text("\n".join([HEADER, *lines]) + "\n")
    raw = tmp_path / "raw"

    outcome = ingest_table(SPECS["web_events"], load_suite("web_events"), tmp_path / "landing", raw, b"k")

    counts = {r.path.name: (r.rows_read, r.rows_loaded, r.rows_quarantined) for r in outcome.results}
    assert counts == {"clickstream_2026-10-01.csv": (4, 3, 1), "clickstream_2026-10-02.csv": (3, 2, 1)}
    assert all(r.loaded.is_empty() for r in outcome.results)  # let go once written
    assert all(len(r.quarantined) == 1 for r in outcome.results)  # the quarantine is still reported
    written = duckdb.connect().execute(f"select count(*) from '{raw}/web_events/*.parquet'").fetchone()[0]
    assert written == 5
