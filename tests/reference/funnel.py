"""Funnel semantics in plain Python: the definition, written for reading, not for speed.

An *entry* is (time, event_id, step). For one person and one funnel:

- a chain starts at a step-1 entry at time t0;
- it continues with an entry of step 2, then step 3, ... each at a time >= the previous entry's time
  (equal timestamps count) and <= t0 + window (the bound is inclusive);
- in strict-order mode, each next entry must also be the very next entry of the person's funnel
  entries ordered by (time, event_id) — no other step event in between;
- the level of a start is the longest chain from it (found here by trying every chain, so this does
  not rely on the "earliest candidate is optimal" argument the SQL model uses).
"""

from __future__ import annotations

from collections.abc import Iterable


def levels_per_start(entries: Iterable[tuple[int, str, int]], window: int, strict: bool) -> dict[str, int]:
    """{event_id of each step-1 entry: furthest step reached by a chain starting there}."""
    ordered = sorted(entries, key=lambda e: (e[0], e[1]))
    position = {id(e): i for i, e in enumerate(ordered)}

    def longest(current: tuple[int, str, int], start_time: int) -> int:
        best = current[2]
        for candidate in ordered:
            if candidate[2] != current[2] + 1:
                continue
            if candidate[0] < current[0] or candidate[0] > start_time + window:
                continue
            if strict and position[id(candidate)] != position[id(current)] + 1:
                continue
            best = max(best, longest(candidate, start_time))
        return best

    return {e[1]: longest(e, e[0]) for e in ordered if e[2] == 1}
