"""The scanner behind every "no raw PII at rest" test must find what it looks for: each test that
asserts ``find_pii(...) == []`` is only as strong as this. Planted by hand in each kind of file the
warehouse writes, hidden the way each format hides text."""

import json

import duckdb
import polars as pl

from tests.pii_scan import find_pii

EMAIL = "lena.schmidt@example.net"
PHONE = "+49 171 9876543"
INNER = "schmidt@example"  # a needle inside another needle is still reported


def test_finds_text_in_compressed_parquet_nested_columns_duckdb_strings_and_escaped_json(tmp_path):
    pl.DataFrame({"n": list(range(5_000)), "note": ["x"] * 4_999 + [f"mail {EMAIL}"]}).write_parquet(
        tmp_path / "flat.parquet", compression="zstd"
    )
    pl.DataFrame({"props": [{"k": "a", "v": f"call {PHONE}"}]}).write_parquet(tmp_path / "nested.parquet")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create schema marts")
        con.execute("create table marts.t as select range as i, 'ok' || range as s from range(20000)")
        con.execute("insert into marts.t values (-1, ?)", [f"reply to {EMAIL}"])
    (tmp_path / "log.json").write_text(json.dumps({"m": f"call {PHONE}"}))
    (tmp_path / "escaped.json").write_text('{"m": "lena.schmidt\\u0040example.net"}')
    (tmp_path / "clean.csv").write_text("a,b\n1,2\n")

    hits = set(find_pii(tmp_path, [EMAIL, PHONE, INNER, "never@example.com"]))

    assert hits == {
        (str(tmp_path / "flat.parquet"), EMAIL),
        (str(tmp_path / "flat.parquet"), INNER),
        (str(tmp_path / "nested.parquet"), PHONE),
        (str(tmp_path / "w.duckdb"), EMAIL),
        (str(tmp_path / "w.duckdb"), INNER),
        (str(tmp_path / "log.json"), PHONE),
        (str(tmp_path / "escaped.json"), EMAIL),
        (str(tmp_path / "escaped.json"), INNER),
    }


def test_a_clean_directory_gives_no_hits(tmp_path):
    pl.DataFrame({"s": ["nothing personal"]}).write_parquet(tmp_path / "a.parquet")
    assert find_pii(tmp_path, [EMAIL, PHONE]) == []
