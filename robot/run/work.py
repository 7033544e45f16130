"""What processing one invoice needs besides the invoice: the systems (by name), the rules, the
journal, and the lease on the invoice with the clock that says whether a write may start."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from robot.domain.decision import DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.systems import System
from robot.journal.base import Journal
from robot.journal.model import Lease, LeaseLost
from robot.learning.source import HistorySource
from robot.ports import BenefitsSystem, CaseSystem, Erp

# A write starts only with at least this much of its lease left, or three times the slowest
# write seen, whichever is more (but never more than a third of the lease: it is renewed every
# third): a process whose lease may pass to another before its write ends does not send it.
MIN_WRITE_MARGIN_S = 2.0


@dataclass
class WriteTimes:
    """How long the run's writes take (the slowest so far), shared by its workers."""

    slowest_s: float = 0.0

    def took(self, seconds: float) -> None:
        self.slowest_s = max(self.slowest_s, seconds)


@dataclass
class LeaseClock:
    """When this process's hold on the invoice runs out, by its own monotonic clock: the time
    it asked the journal for the lease (or its last renewal) plus the lease's length. The
    journal's clock may only be later, so the lease never ends before this says."""

    lease_s: float
    valid_until: float
    times: WriteTimes = field(default_factory=WriteTimes)

    @classmethod
    def started(cls, lease_s: float, *, asked_at: float, times: WriteTimes) -> LeaseClock:
        return cls(lease_s, asked_at + lease_s, times)

    def renewed(self, *, asked_at: float) -> None:
        self.valid_until = max(self.valid_until, asked_at + self.lease_s)

    @property
    def margin_s(self) -> float:
        return min(self.lease_s / 3, max(MIN_WRITE_MARGIN_S, 3 * self.times.slowest_s))

    def check(self) -> None:
        """LeaseLost when too little of the lease is left for a write to finish inside it."""
        left = self.valid_until - time.monotonic()
        if left < self.margin_s:
            raise LeaseLost(
                f"only {max(left, 0):.1f} s of the lease left, less than the {self.margin_s:.1f} s"
                " a write may take: the write is not started"
            )


@dataclass
class Work:
    """One invoice's work; `lease` is None in a dry run, which writes nothing."""

    systems: Mapping[System, Any]
    journal: Journal
    book: MappingBook
    settings: DecisionSettings
    run_id: str
    lease: Lease | None = None
    clock: LeaseClock | None = None
    dry_run: bool = False
    crash_after_step: str | None = None  # test hook: see Settings
    pause_after_step: str | None = None  # test hook: see Settings
    written: list[str] = field(default_factory=list)  # the writes made for this invoice so far
    history: HistorySource | None = None  # what people posted, read once a run when needed

    @property
    def erp(self) -> Erp:
        return cast(Erp, self._system(System.ERP))

    @property
    def case(self) -> CaseSystem:
        return cast(CaseSystem, self._system(System.CASE))

    @property
    def benefits(self) -> BenefitsSystem:
        return cast(BenefitsSystem, self._system(System.BENEFITS))

    def _system(self, system: System) -> Any:
        try:
            return self.systems[system]
        except KeyError:
            raise RuntimeError(f"the {system.name_in_english} is not in this run") from None

    def held(self) -> Lease:
        if self.lease is None:
            raise RuntimeError("a write outside a lease (a dry run writes nothing)")
        return self.lease

    def before_write(self) -> None:
        """Right before a write, after the read that says it is wanted: the lease must still be
        this process's in the journal, with time enough left for the write."""
        self.journal.check(self.held())
        if self.clock is not None:
            self.clock.check()
