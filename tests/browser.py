"""Headless Chromium for tests: Debian's `chromium`, started with the flags this sandbox needs
(no sandbox, no GPU, no background networking: the machine's network is closed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import PROJECT_ROOT

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", PROJECT_ROOT / "test-artifacts"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(url: str, *extra: str, budget_ms: int = 20_000, window: str = "1400,1000") -> str:
    """Load ``url``, let its scripts and requests run for ``budget_ms`` of virtual time, and return
    what Chromium printed (the DOM with --dump-dom)."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        result = subprocess.run(
            [
                chromium(),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={budget_ms}",
                f"--window-size={window}",
                *extra,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    return result.stdout


def dump_dom(url: str, **kwargs) -> str:
    return run_chromium(url, "--dump-dom", **kwargs)


def screenshot(url: str, name: str, **kwargs) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    run_chromium(url, f"--screenshot={target}", **kwargs)
    return target
