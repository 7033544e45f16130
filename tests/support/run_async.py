"""Running a coroutine from a test, whatever event loop the session already has."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import TypeVar

T = TypeVar("T")


def run_async(coroutine: Coroutine[object, object, T]) -> T:
    """Run a coroutine to its end in a thread of its own, so a test works even when the
    session already has a running event loop (pytest-playwright's sync API keeps one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
