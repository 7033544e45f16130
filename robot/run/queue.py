"""Where a run's workers take invoices from: the journal's shared queue with leases (any number
of processes and hosts), or for a dry run a list of its own (a dry run holds no leases)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from robot.journal.base import Journal
from robot.journal.model import Lease
from robot.run.work import LeaseClock

log = structlog.get_logger("robot.run")


def process_owner() -> str:
    """Who holds a lease: host, process and a random part (a restarted pid is another owner)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class WorkQueue(Protocol):
    def take(self, *, skip: Collection[str]) -> Lease | None: ...

    def waiting(self, *, skip: Collection[str]) -> int:
        """Invoices still open that this process might get (not in `skip`)."""
        ...

    def done(self, lease: Lease) -> None: ...

    def later(self, lease: Lease, *, after_s: float) -> None: ...

    def renew(self, lease: Lease) -> bool: ...


@dataclass
class JournalQueue:
    journal: Journal
    owner: str
    lease_s: float
    run_id: str = ""
    budget: int | None = None  # --max-invoices: different invoices this run may take

    def take(self, *, skip: Collection[str]) -> Lease | None:
        return self.journal.take(
            owner=self.owner,
            lease_s=self.lease_s,
            skip=skip,
            run_id=self.run_id,
            budget=self.budget,
        )

    def waiting(self, *, skip: Collection[str]) -> int:
        open_now = self.journal.open_count(run_id=self.run_id, budget=self.budget)
        return open_now - len(skip)

    def done(self, lease: Lease) -> None:
        self.journal.release(lease, done=True)

    def later(self, lease: Lease, *, after_s: float) -> None:
        self.journal.release(lease, done=False, retry_after_s=after_s)

    def renew(self, lease: Lease) -> bool:
        return self.journal.renew(lease, lease_s=self.lease_s)


@dataclass
class LocalQueue:
    """A dry run's invoices, in inbox order; nothing is leased or written."""

    erp_ids: Sequence[str]
    budget: int | None = None
    _open: list[str] = field(default_factory=list)
    _busy: set[str] = field(default_factory=set)
    _taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._open = list(dict.fromkeys(self.erp_ids))

    def take(self, *, skip: Collection[str]) -> Lease | None:
        spent = self.budget is not None and len(self._taken) >= self.budget
        for erp_id in self._open:
            if erp_id in skip or erp_id in self._busy or (spent and erp_id not in self._taken):
                continue
            self._busy.add(erp_id)
            self._taken.add(erp_id)
            return Lease(erp_id=erp_id, owner="dry-run", token=0, asked_at=time.monotonic())
        return None

    def waiting(self, *, skip: Collection[str]) -> int:
        spent = self.budget is not None and len(self._taken) >= self.budget
        return len([e for e in self._open if e not in skip and (not spent or e in self._taken)])

    def done(self, lease: Lease) -> None:
        self._open.remove(lease.erp_id)
        self._busy.discard(lease.erp_id)

    def later(self, lease: Lease, *, after_s: float) -> None:
        self._busy.discard(lease.erp_id)

    def renew(self, lease: Lease) -> bool:
        return True


@contextlib.asynccontextmanager
async def kept_alive(
    queue: WorkQueue, lease: Lease, clock: LeaseClock, *, every_s: float
) -> AsyncIterator[None]:
    """Renew the lease in the background while the block works on its invoice, moving the
    clock its writes are checked against. A renewal that fails means another process has it
    now (or the journal cannot say): the clock runs out and no write starts."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(every_s)
            asked_at = time.monotonic()
            try:
                if not queue.renew(lease):
                    log.warning("lease_lost", erp_id=lease.erp_id)
                    return
                clock.renewed(asked_at=asked_at)
            except Exception as error:  # a journal that cannot be reached: keep trying
                log.warning("lease_renewal_failed", erp_id=lease.erp_id, error=str(error))

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
