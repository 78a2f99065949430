"""Which process runs a run: host, pid and start time, so that a run whose process died (killed,
out of memory) can be told apart from one still running (pipeline/defs/automation/recovery.py)."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def process_identity(pid: int | None = None) -> str:
    """host:pid:start-time of a process (default: this one). The start time (clock ticks since boot,
    from /proc) tells a live run apart from a new process that happens to reuse a dead run's pid."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def _start_ticks(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "?"
    return stat.rsplit(")", 1)[1].split()[19]  # field 22 (starttime); the command name may hold spaces


def process_is_gone(identity: str) -> bool | None:
    """True when the process an identity names has ended; None when it ran on another host (cannot
    tell from here)."""
    host, pid, ticks = identity.rsplit(":", 2)
    if host != socket.gethostname():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, another user's
    return ticks != "?" and _start_ticks(int(pid)) != ticks
