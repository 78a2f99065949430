"""pipeline/atomic.py, the one way files are replaced: a reader sees the old content or the new,
and a write that fails leaves the old file as it was and no temporary file behind."""

import polars as pl
import pytest

from pipeline import atomic


def test_a_write_replaces_the_file(tmp_path):
    target = tmp_path / "deep" / "report.html"  # missing folders are made
    atomic.write_text(target, "old")
    atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]


def test_a_parquet_write_replaces_the_file(tmp_path):
    target = tmp_path / "t.parquet"
    atomic.write_parquet(pl.DataFrame({"a": [1]}), target)
    atomic.write_parquet(pl.DataFrame({"a": [2, 3]}), target, compression="zstd")
    assert pl.read_parquet(target)["a"].to_list() == [2, 3]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "t.parquet"
    atomic.write_parquet(pl.DataFrame({"a": [1]}), target)
    with pytest.raises(RuntimeError, match="disk full"), atomic.atomic_path(target) as tmp:
        tmp.write_bytes(b"half a parquet fi")  # the write got this far
        raise RuntimeError("disk full")
    assert pl.read_parquet(target)["a"].to_list() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_a_write_that_fails_before_writing_anything_leaves_no_file(tmp_path):
    target = tmp_path / "t.parquet"
    with pytest.raises(pl.exceptions.PolarsError):
        # a column polars cannot write to Parquet (an object column) fails inside write_parquet
        atomic.write_parquet(pl.DataFrame({"a": [object()]}, schema={"a": pl.Object}), target)
    assert list(tmp_path.iterdir()) == []
