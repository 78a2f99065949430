"""Load the great-expectations suites in expectations/ as plain data.

A suite is GX 1.x JSON: ``{"name": ..., "expectations": [{"type": ..., "kwargs": {...}, "meta": {...}}]}``.
``meta.severity`` is ``critical`` (the row is quarantined, and a failure blocks downstream assets) or
``warning`` (reported in the asset check only). A broken suite file is an error, never skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import PROJECT_ROOT

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

# the expectation types that are also applied row by row (vectorised in polars) at ingestion
ROW_LEVEL_TYPES = {
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_be_unique",
}


class SuiteError(ValueError):
    """A suite file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Expectation:
    type: str
    kwargs: dict
    severity: str

    @property
    def column(self) -> str | None:
        return self.kwargs.get("column")

    @property
    def row_level(self) -> bool:
        return self.severity == "critical" and self.type in ROW_LEVEL_TYPES


@dataclass(frozen=True)
class Suite:
    name: str
    path: Path
    expectations: tuple[Expectation, ...]
    raw: dict


def load_suite(name: str, directory: Path = EXPECTATIONS_DIR) -> Suite:
    path = directory / f"{name}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SuiteError(f"{path}: expectation suite missing") from exc
    except json.JSONDecodeError as exc:
        raise SuiteError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from exc
    if not isinstance(raw, dict) or raw.get("name") != name or not isinstance(raw.get("expectations"), list):
        raise SuiteError(f'{path}: a suite needs "name": "{name}" and a list "expectations"')
    out = []
    for i, item in enumerate(raw["expectations"]):
        if (
            not isinstance(item, dict)
            or not str(item.get("type", "")).startswith("expect_")
            or not isinstance(item.get("kwargs"), dict)
        ):
            raise SuiteError(f'{path}: expectation #{i + 1} needs a "type" (expect_...) and "kwargs"')
        severity = (item.get("meta") or {}).get("severity", "critical")
        if severity not in ("critical", "warning"):
            raise SuiteError(
                f"{path}: expectation #{i + 1} has severity {severity!r}; use critical or warning"
            )
        out.append(Expectation(item["type"], item["kwargs"], severity))
    return Suite(name=name, path=path, expectations=tuple(out), raw=raw)
