"""One writer per warehouse directory: an advisory lock (``flock``, through the filelock package) on
``<warehouse>/build/.writer.lock``.

The kernel releases it when the holding process ends, however it ends (SIGKILL included), so a
crashed run never leaves a stale lock. Dagster's run queue already keeps runs launched through the
daemon or the UI apart; the lock also serialises runs started any other way (``python -m
pipeline.run`` twice, a cron entry, the CLI). It is re-entrant within a process: ``pipeline.run``
holds it for a whole run while each step takes it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


def lock_path(warehouse_dir: Path) -> Path:
    return Path(warehouse_dir) / "build" / ".writer.lock"


@contextmanager
def writer_lock(warehouse_dir: Path, log=None, timeout_seconds: float | None = None) -> Iterator[None]:
    """Hold the warehouse's writer lock; waits (logging once) while another process holds it, at most
    ``timeout_seconds`` (None: as long as it takes), then raises TimeoutError naming the lock file."""
    path = lock_path(warehouse_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    # one FileLock object per path in this process (is_singleton): a nested hold counts up on it
    # instead of waiting for itself; fallback_to_soft=False: a plain marker file would outlive a
    # killed process, the kernel's lock does not; thread_local=False: a hold belongs to the process
    lock = FileLock(
        path, is_singleton=True, thread_local=False, fallback_to_soft=False, preserve_lock_file=True
    )
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if log is not None:
            log.info(f"another run holds {path}; waiting for it to finish")
        try:
            lock.acquire(timeout=-1 if timeout_seconds is None else timeout_seconds)
        except Timeout:
            raise TimeoutError(f"{path} still held by another run after {timeout_seconds:.0f}s") from None
    try:
        yield
    finally:
        lock.release()
