"""Every browser test in tests/e2e uses Debian's Chromium with the project's flags."""

from __future__ import annotations

import os
from typing import Any

import pytest

BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    path = os.environ.get("ROBOT_BROWSER_PATH", "/usr/lib/chromium/chromium-headless-shell")
    return {**browser_type_launch_args, "executable_path": path, "args": BROWSER_FLAGS}
