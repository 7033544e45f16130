"""The journal as an interface: what the run needs from it, whatever database holds it.

Two implementations: SQLite in ROBOT_JOURNAL_DIR (the embedded default) and PostgreSQL by
ROBOT_JOURNAL_URL (shared by any number of processes and hosts). Both keep the same tables,
created and migrated by the robot itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Protocol

from robot.journal.model import (
    Claim,
    ClaimHolder,
    FailureStreak,
    HeldWork,
    JournalEntry,
    Lease,
    Outcome,
    PersonTask,
    RunRecord,
    State,
    Tally,
    WritePlan,
)


class Journal(Protocol):
    """Every write that concerns one invoice is fenced by its Lease: LeaseLost when another
    process holds the invoice now."""

    where: str  # for messages: the folder or the database (never with a password)

    def close(self) -> None: ...

    def log_key(self) -> bytes:
        """The installation's key for CPR tags (shared by every host of a shared journal)."""
        ...

    # runs
    def start_run(
        self, *, run_id: str, host: str, dry_run: bool, mapping_file: str, sha256: str
    ) -> None: ...

    def finish_run(self, *, run_id: str, exit_code: int, summary: dict[str, int]) -> None: ...

    def runs(self) -> list[RunRecord]: ...

    # the shared work queue
    def now(self) -> float:
        """Seconds since the epoch by the clock every process of this journal shares."""
        ...

    def enqueue(
        self,
        erp_ids: Sequence[str],
        *,
        read_at: float,
        due: Mapping[str, date] | None = None,
    ) -> int:
        """Queue the inbox's invoices with their due dates (and reopen those finished before
        `read_at`, the time the inbox was read: a person sent them back). Returns how many are
        open now. They are taken unfinished first, then earliest due."""
        ...

    def take(
        self,
        *,
        owner: str,
        lease_s: float,
        skip: Collection[str],
        run_id: str = "",
        budget: int | None = None,
    ) -> Lease | None:
        """The next open invoice no live lease holds, now leased to `owner`; None when none
        is left. Invoices with an unfinished journal entry come first, then the earliest due.
        With a `budget`, the run takes at most that many different invoices."""
        ...

    def renew(self, lease: Lease, *, lease_s: float) -> bool: ...

    def release(self, lease: Lease, *, done: bool, retry_after_s: float = 0.0) -> None:
        """Give the invoice up: finished (`done`), or open again after `retry_after_s`."""
        ...

    def check(self, lease: Lease) -> None:
        """LeaseLost unless the lease is still this process's: called before external writes."""
        ...

    def open_count(self, *, run_id: str = "", budget: int | None = None) -> int:
        """Invoices not yet done; once a run has taken its budget, only those it took."""
        ...

    # one invoice's steps (fenced)
    def entry(self, erp_id: str) -> JournalEntry | None: ...

    def open_entries(self) -> list[JournalEntry]: ...

    def record(
        self,
        lease: Lease,
        *,
        invoice_key: str,
        state: State,
        run_id: str,
        plan: WritePlan | None = None,
        voucher: str | None = None,
    ) -> None:
        """Record a step; a stored plan is kept unless a new one is given."""
        ...

    def claim(
        self,
        lease: Lease,
        *,
        invoice_key: str,
        claims: Sequence[Claim],
        plan: WritePlan,
        run_id: str,
    ) -> list[ClaimHolder]:
        """In one transaction: hold every claim for this invoice (releasing its own earlier
        claims not among them), store the plan and the state POSTING. When another invoice
        holds any of them, nothing changes and its holders are returned."""
        ...

    def begin_note(self, lease: Lease, *, invoice_key: str, plan: WritePlan, run_id: str) -> None:
        """In one transaction: release the invoice's claims and record the state NOTING."""
        ...

    # history
    def record_outcome(self, run_id: str, outcome: Outcome) -> None: ...

    def outcomes(self, run_id: str | None = None) -> list[Outcome]:
        """The recorded outcomes (of one run, or all), in the order they were recorded."""
        ...

    def outcome_counts(self, run_id: str) -> dict[str, int]:
        """How many outcomes of each kind the run has recorded so far."""
        ...

    def failure_streak(self, erp_id: str) -> tuple[int, str]:
        """How many real runs in a row ended this invoice `failed` with the same error, and
        that error (0 and "" when its latest outcome was not a failure)."""
        ...

    def purge(self, *, before: str) -> tuple[int, int]:
        """Blank notes and errors of outcomes before `before` (ISO time) and delete finished
        entries (and their claims, when the payment is registered) finished before it.
        Returns (outcomes stripped, entries removed)."""
        ...

    # watching the robot (robot status, the metrics)
    def outcome_tally(self, run_id: str) -> list[Tally]:
        """The run's outcomes so far, counted per kind, way of paying and code."""
        ...

    def last_outcome_at(self, run_ids: Collection[str]) -> dict[str, str]:
        """When each of these runs last recorded an outcome (ISO time); runs with none left out."""
        ...

    def held_work(self) -> list[HeldWork]:
        """Every open invoice a process holds a lease on, or held when it stopped (its lease
        may have run out: nobody has taken it since)."""
        ...

    def person_tasks(self) -> list[PersonTask]:
        """The invoices left for a person to finish (state NEEDS_PERSON), oldest first."""
        ...

    def failing(self) -> list[FailureStreak]:
        """The open invoices whose last outcome in a real run left them after faults, with how
        many runs in a row failed them the same way."""
        ...

    def mark_handled(self, erp_id: str) -> bool:
        """A person finished an invoice left in state NEEDS_PERSON: it is done (its claims stay
        until purged, as a paid invoice's). False when it was not waiting for a person."""
        ...
