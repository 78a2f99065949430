"""Funnel semantics in plain Python: the definition, written for reading, not for speed
(docs/definitions.md "Funnel").

An *entry* is (time, event_id, step). For one person and one funnel:

- a chain starts at a step-1 entry at time t0;
- it continues with the earliest entry of step 2 at or after step 1 (equal timestamps count), then the
  earliest entry of step 3 at or after step 2, ... each at most t0 + window (inclusive) and, where the
  step has a limit (``limits[k]``, atlas_funnel_steps.max_seconds_from_previous), at most that many
  seconds after the previous step (inclusive); if the earliest candidate is too late the chain stops;
- strict order (windowFunnel's 'strict_order', read per person and period = month of the step-1
  event): the entries of the period — its step-1 entries, and entries of later steps at or after the
  period's start — in the order (time, step) are run through windowFunnel's own state machine
  (``window_funnel``); the first step-k entry (k >= 3) met while no chain had reached step k-1 ends the
  period: chain steps at or after it are dropped, a start after it keeps only step 1;
- exclusions (``exclusions``: (time, after_step) of the person's exclusion events): an exclusion
  strictly after step k and strictly before step k+1 — or, if step k+1 was not reached, at most
  t0 + window — removes the chain (no level at all).

Without limits and exclusions the earliest-candidate chain is the longest chain
(``longest_chain_level`` tries every chain; the property test checks the two agree), and the best level
of a period is what ClickHouse's windowFunnel returns for that period's entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

Entry = tuple[int, str, int]  # (time, event_id, step)


def window_funnel(
    entries: Iterable[Entry], window: int, strict: bool, steps: int
) -> tuple[int, Entry | None]:
    """ClickHouse's windowFunnel state machine (AggregateFunctionWindowFunnel.cpp, default and
    'strict_order' modes) on one person's entries: (level, the entry that ended a strict run or None).
    Entries are read in the order (time, step); reached[k] holds (start time, time) of the latest
    chain that reached step k+1."""
    reached: list[tuple[int, int] | None] = [None] * steps
    first_event = False
    for entry in sorted(entries, key=lambda e: (e[0], e[2])):
        time, _, step = entry
        k = step - 1
        if k == 0:
            reached[0] = (time, time)
            first_event = True
        elif strict and first_event and reached[k - 1] is None:
            return next(i for i, r in enumerate(reached) if r is None), entry
        elif reached[k - 1] is not None:
            start = reached[k - 1][0]
            if time <= start + window:
                reached[k] = (start, time)
                if k + 1 == steps:
                    return steps, None
    return max((i + 1 for i, r in enumerate(reached) if r is not None), default=0), None


def earliest_chain(
    start: Entry, entries: Sequence[Entry], window: int, limits: dict[int, int | None]
) -> list[tuple[int, int]]:
    """[(time, step)] of the chain from ``start``: the earliest candidate at each step."""
    chain = [(start[0], 1)]
    while True:
        previous_time, step = chain[-1]
        candidates = [e[0] for e in entries if e[2] == step + 1 and e[0] >= previous_time]
        if not candidates:
            return chain
        time = min(candidates)
        limit = limits.get(step + 1)
        if time > start[0] + window or (limit is not None and time > previous_time + limit):
            return chain
        chain.append((time, step + 1))


def longest_chain_level(start: Entry, entries: Sequence[Entry], window: int) -> int:
    """The longest chain from ``start`` by trying every chain (no limits, no strict order)."""

    def longest(time: int, step: int) -> int:
        return max(
            [step]
            + [longest(e[0], e[2]) for e in entries if e[2] == step + 1 and time <= e[0] <= start[0] + window]
        )

    return longest(start[0], 1)


def levels_per_start(
    entries: Iterable[Entry],
    window: int,
    strict: bool,
    limits: dict[int, int | None] | None = None,
    exclusions: Iterable[tuple[int, int]] = (),
    period_of: Callable[[int], object] = lambda t: 0,
    steps: int = 8,
) -> dict[str, int]:
    """{event_id of each step-1 entry: furthest step of its chain}; a chain removed by an exclusion
    has no key."""
    entries = list(entries)
    exclusions = list(exclusions)
    limits = limits or {}
    result: dict[str, int] = {}
    for start in (e for e in entries if e[2] == 1):
        chain = earliest_chain(start, entries, window, limits)
        if strict:
            period = period_of(start[0])
            in_period = [
                e
                for e in entries
                if (e[2] == 1 and period_of(e[0]) == period) or (e[2] > 1 and period_of(e[0]) >= period)
            ]
            _, stop = window_funnel(in_period, window, True, steps)
            if stop is not None:
                chain = [chain[0]] + [(t, k) for t, k in chain[1:] if (t, k) < (stop[0], stop[2])]
        times = dict((k, t) for t, k in chain)
        removed = any(
            k in times
            and times[k] < x_time
            and (x_time < times[k + 1] if k + 1 in times else x_time <= start[0] + window)
            for x_time, k in exclusions
        )
        if not removed:
            result[start[1]] = len(chain)
    return result
