"""The run's real loop (queue, leases, retries, waiting for claims) over fake systems and
fake browser workers: what `robot run` does between its logins and its report."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from typing import Any, cast

from robot.config import Settings
from robot.domain.systems import System
from robot.journal.model import Outcome
from robot.run.queue import JournalQueue
from robot.run.runner import Loop, RunState, _work_queue
from tests.unit.run.fakes import Bench, FakeBenefits, FakeCase, FakeErp


@dataclasses.dataclass
class FakeWorker:
    """What the loop asks of a worker; the systems are shared, as the real ones are."""

    erp: FakeErp
    case: FakeCase
    benefits: FakeBenefits

    @property
    def systems(self) -> dict[System, Any]:
        return {System.ERP: self.erp, System.CASE: self.case, System.BENEFITS: self.benefits}

    def guard_writes(self, check: Any) -> None:
        return None

    async def end_invoice(self, *, keep_as: str | None) -> None:
        return None

    async def trace(self) -> None:
        return None

    async def restart(self) -> None:
        return None

    async def recycle(self) -> None:
        return None


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "max_attempts": 2,
        "lease_s": 30.0,
        "claim_wait_s": 30.0,
        "failed_retry_s": 0.0,
    }
    values.update(overrides)
    return Settings(**values)


async def run_loop(
    bench: Bench, erp_ids: Sequence[str], *, workers: int = 4, **overrides: Any
) -> list[Outcome]:
    """Queue the invoices and let `workers` workers work them off, as one process would."""
    chosen = settings(**overrides)
    bench.journal.enqueue(list(erp_ids), read_at=bench.journal.now())
    state = RunState()
    loop = Loop(
        chosen,
        bench.work(None),
        JournalQueue(bench.journal, "test-process", chosen.lease_s),
        state,
        on_outcome=lambda outcome: None,
    )
    fakes = [FakeWorker(bench.erp, bench.case, bench.benefits) for _ in range(workers)]
    await asyncio.gather(*(_work_queue(cast(Any, w), loop) for w in fakes))
    return state.outcomes
