"""One lock per invoice key (supplier CVR and invoice number), across a run's workers.

Two receipts of the same invoice may sit in the inbox. A worker holds the key's lock from its
decision to its last write, so the other receipt's worker waits, and reads its invoice page
again if the key was worked on after its first read (the other receipt may be posted now).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class KeyLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._released: dict[str, int] = {}
        self._clock = 0

    def now(self) -> int:
        """A stamp to take before reading a screen, for `hold`'s staleness check."""
        return self._clock

    @asynccontextmanager
    async def hold(self, key: str, *, read_at: int) -> AsyncIterator[bool]:
        """Hold the key; yields True when what was read at `read_at` may be stale (another
        worker finished with this key since)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            try:
                yield self._released.get(key, -1) >= read_at
            finally:
                self._clock += 1
                self._released[key] = self._clock
