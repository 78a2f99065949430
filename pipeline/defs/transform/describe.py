"""What a dbt test checks, in words, for the description of its Dagster asset check (the UI shows it
beside the check's result)."""

import re
from collections.abc import Mapping
from typing import Any


def _model_of(ref: str | None) -> str:
    """'{{ get_where_subquery(ref('fct_sessions')) }}' -> 'fct_sessions'."""
    found = re.search(r"ref\(\s*['\"]([^'\"]+)['\"]", ref or "")
    return found.group(1) if found else (ref or "?")


def leading_comment(code: str) -> str:
    """The comment a singular test's SQL file opens with (-- lines or a {# ... #} block), as one line."""
    code = code.lstrip()
    block = re.match(r"\{#-?(.*?)-?#\}", code, re.S)
    if block:
        return " ".join(block.group(1).split())
    lines = []
    for line in code.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines)


def _range(kwargs: Mapping[str, Any]) -> str:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is not None and high is not None:
        return f"lies between {low} and {high}"
    return f"is at least {low}" if low is not None else f"is at most {high}"


def describe_dbt_test(test: Mapping[str, Any]) -> str:
    """What a dbt test checks, in one or two sentences: its yml description or meta.description when it
    has one, else a sentence built from the generic test and its arguments, else (a singular test) the
    comment its SQL file opens with."""
    meta = test.get("meta") or test.get("config", {}).get("meta") or {}
    written = test.get("description") or meta.get("description")
    generic = test.get("test_metadata") or {}
    severity = str(test.get("config", {}).get("severity") or "error").lower()
    when = " Warns, never blocks." if severity == "warn" else " Fails the check and blocks downstream assets."
    if written:
        return written.strip() + when
    if not generic:
        comment = leading_comment(test.get("raw_code") or "")
        path = test.get("original_file_path", "")
        return f"Singular test {test['name']} ({path}): {comment or 'passes when its query returns no rows.'}{when}"
    name, kwargs = generic["name"], generic.get("kwargs") or {}
    model, column = _model_of(kwargs.get("model")), kwargs.get("column_name")
    on = f"{model}.{column}" if column else model
    what = {
        "not_null": f"every row has a {column}",
        "unique": f"no two rows share a {column}",
        "accepted_values": f"{column} is one of {', '.join(map(str, kwargs.get('values') or []))}",
        "relationships": f"every {column} is found in {_model_of(kwargs.get('to'))}.{kwargs.get('field')}",
        "accepted_range": f"every {column} {_range(kwargs)}",
        "unique_combination": "no two rows share the combination of "
        f"{', '.join(kwargs.get('combination_of_columns') or [])}",
        "not_empty": f"{model} has at least one row",
    }.get(name)
    if what is None:
        args = ", ".join(f"{k}={v}" for k, v in kwargs.items() if k not in ("model", "column_name"))
        what = f"dbt test {name}{f' ({args})' if args else ''}"
    return f"{name} on {on}: {what}.{when}"
