"""What ingesting one file produces: the result record, the quarantine's schema, the statuses of a
file that loaded nothing, and the exception that rejects a whole file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

QUARANTINE_SCHEMA = {
    "table_name": pl.String,
    "source_file": pl.String,
    "row_number": pl.Int64,
    "raw_text": pl.String,
    "reason": pl.String,
}

# statuses of a file that loaded nothing although it should have: the check every_<table>_file_was_accepted
# fails, and `python -m pipeline.run` exits with 3 (docs/operations.md)
NOT_ACCEPTED = ("rejected", "all_rows_quarantined")


class FileRejected(Exception):
    """The whole file cannot be loaded; the message names the file (and the column)."""


@dataclass
class FileResult:
    table: str
    path: Path
    sha256: str
    status: str  # loaded | loaded_with_quarantine | all_rows_quarantined | rejected
    message: str
    loaded: pl.DataFrame
    quarantined: pl.DataFrame
    rows_read: int
    encoding: str = ""
    separator: str = ""
    extra_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # the count of the loaded rows once they are written and let go (release_loaded)
    _released_count: int | None = field(default=None, repr=False)

    @property
    def rows_loaded(self) -> int:
        return len(self.loaded) if self._released_count is None else self._released_count

    def release_loaded(self) -> None:
        """Let go of the loaded rows once they are written, keeping their count: a table's results are
        kept until its last file is read, and holding each file's rows would hold the table's whole
        history in memory (13.9 GB after 69 of the 100M benchmark's 91 daily files)."""
        if self._released_count is None:
            self._released_count = len(self.loaded)
            self.loaded = self.loaded.clear()

    @property
    def rows_quarantined(self) -> int:
        return len(self.quarantined)


def rejected_result(table: str, path: Path, message: str, sha256: str = "") -> FileResult:
    """A file of which nothing is loaded (and, without rows read, nothing quarantined)."""
    empty = pl.DataFrame(schema=QUARANTINE_SCHEMA)
    return FileResult(table, path, sha256, "rejected", " ".join(message.split()), pl.DataFrame(), empty, 0)
