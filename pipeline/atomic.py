"""Writing a file so that readers see the old content or the new, never a part: the new content goes
to a temporary file next to the target, which then replaces it (``os.replace``, atomic on one file
system). If the write fails, the target is untouched and the temporary file is removed."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target`` to write to; it replaces ``target`` when the block ends
    without an error, and is removed when it raises."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # a unique name: two writers of one target never share a temporary file
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_parquet(frame: pl.DataFrame, target: Path, **options) -> Path:
    """``frame.write_parquet(target, **options)``, atomically."""
    with atomic_path(target) as tmp:
        frame.write_parquet(tmp, **options)
    return Path(target)


def write_text(target: Path, text: str) -> Path:
    """``target.write_text(text)`` in UTF-8, atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)
