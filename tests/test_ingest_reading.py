"""pipeline.ingest.reading on hand-written files: what is opened, how it is decoded, which separator,
column names, and the tolerant reader's split of good and malformed records."""

import os

import pytest

from pipeline.ingest.reading import (
    canonical_name,
    read_strings,
    sha256_of,
    sniff_separator,
    unique_names,
)
from pipeline.ingest.results import FileRejected


def _write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_sha256_of_a_known_text(tmp_path):
    # the SHA-256 test vector of "abc" (FIPS 180-2, appendix B.1)
    path = _write(tmp_path, "abc.csv", b"abc")
    assert sha256_of(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_link_or_a_fifo_is_refused_before_it_is_read(tmp_path):
    target = _write(tmp_path, "real.csv", b"a,b\n1,2\n")
    (tmp_path / "link.csv").symlink_to(target)
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(FileRejected, match=r"link\.csv: is a symbolic link"):
        read_strings(tmp_path / "link.csv")
    with pytest.raises(FileRejected, match=r"pipe\.csv: is a named pipe \(FIFO\)"):
        read_strings(tmp_path / "pipe.csv")


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("a;b\nMüller;1\n".encode("utf-16"), "utf-16-le"),  # Python writes the LE mark first
        (b"\xef\xbb\xbf" + "a;b\nMüller;1\n".encode(), "utf-8-sig"),
        ("a;b\nMüller;1\n".encode(), "utf-8"),
        ("a;b\nMüller;1\n".encode("cp1252"), "cp1252"),  # ü is 0xFC: not UTF-8
    ],
)
def test_decoding_by_mark_then_utf8_then_windows_1252(tmp_path, content, encoding):
    frame, malformed, found, sep, _ = read_strings(_write(tmp_path, "x.csv", content))
    assert (found, sep, malformed) == (encoding, ";", [])
    assert frame.rows() == [(1, "Müller", "1")]
    assert frame.columns == ["_row_number", "a", "b"]


def test_binary_and_empty_files_are_rejected(tmp_path):
    with pytest.raises(FileRejected, match="looks like a binary file"):
        read_strings(_write(tmp_path, "bin.csv", bytes(range(256)) * 4))
    with pytest.raises(FileRejected, match="the file is empty"):
        read_strings(_write(tmp_path, "empty.csv", b"\n \n"))


def test_json_lines_under_a_csv_name_and_the_reverse_are_rejected(tmp_path):
    with pytest.raises(FileRejected, match=r"rename a GA4 export to \.jsonl"):
        read_strings(_write(tmp_path, "ga4.csv", b'{"event_name": "page_view"}\n{"event_name": "x"}\n'))
    with pytest.raises(FileRejected, match="the content is not JSON objects"):
        read_strings(_write(tmp_path, "ga4.jsonl", b"a,b\n1,2\n"))


@pytest.mark.parametrize(
    ("text", "sep"),
    [("a;b;c\n1,5;2;3", ";"), ("a\tb\n1\t2", "\t"), ("a|b,c|d", "|"), ("single", ",")],
)
def test_separator_is_the_most_frequent_in_the_header(text, sep):
    assert sniff_separator(text) == sep


def test_column_names_are_canonical_and_unique():
    assert canonical_name("  Order-ID ") == "order_id"
    assert canonical_name("Kunden Nr.") == "kunden_nr"
    assert canonical_name("^x$") == "x"  # not a regular expression for polars
    assert unique_names(["Id", "id", "", "*", "_row_number"]) == [
        "id",
        "id_2",
        "column_3",
        "column_4",
        "_row_number_2",
    ]


def test_a_trailing_separator_on_every_data_row_is_not_a_column(tmp_path):
    frame, malformed, _, _, _ = read_strings(_write(tmp_path, "x.csv", b"a;b\r\n1;2;\r\n3;4;\r\n"))
    assert malformed == []
    assert frame.rows() == [(1, "1", "2"), (2, "3", "4")]
    assert frame.columns == ["_row_number", "a", "b"]


def test_broken_records_are_reported_and_the_others_kept_with_their_numbers(tmp_path):
    frame, malformed, _, _, _ = read_strings(_write(tmp_path, "x.csv", b"a,b\n1,2\n3,4,5\n6,7\n"))
    assert frame.select("_row_number", "a", "b").rows() == [(1, "1", "2"), (3, "6", "7")]
    assert malformed == [
        (
            2,
            ["a", "b"],
            ["3", "4", "5"],
            "row has 3 fields but the header has 2 (broken quoting or separator?)",
        )
    ]
