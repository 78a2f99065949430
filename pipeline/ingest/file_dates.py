"""Which night a landing file belongs to: the day in its name (daily exports); snapshot exports
(customers, orders, cases, surveys) have none and are read every night."""

from __future__ import annotations

import re
from datetime import date

# 2026-08-03, 2026_08_03 or 20260803 in a file name (clickstream_2026-08-03.csv, events_20260803.json.gz)
_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def file_date(name: str) -> date | None:
    """The day an export file describes, from its name; None for files without one (snapshots)."""
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2026-02-30
        return None
