"""What `robot status` reads: the journal's runs, queue, leases and open tasks at one moment,
and whether this machine's run lock is held."""

from __future__ import annotations

from dataclasses import dataclass, field

from robot.journal.base import Journal
from robot.journal.model import FailureStreak, HeldWork, PersonTask, RunRecord, Tally
from robot.status.lock_probe import LockProbe


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """The journal as read for one status (times by the journal's clock)."""

    now: float  # seconds since the epoch
    journal: str  # where it is, never with a password
    runs: list[RunRecord]
    tallies: dict[str, list[Tally]]  # the runs that matter: unfinished, and the last finished
    last_outcome_at: dict[str, str]  # unfinished runs' last recorded outcome
    held: list[HeldWork]
    person_tasks: list[PersonTask]
    failing: list[FailureStreak]
    invoices_left: int
    this_host: str = ""
    lock: LockProbe = field(default_factory=LockProbe)


def read_facts(journal: Journal, *, this_host: str, lock: LockProbe) -> Facts:
    runs = journal.runs()
    unfinished = [r.run_id for r in runs if r.finished_at is None]
    finished = [r for r in runs if r.finished_at is not None]
    wanted = set(unfinished)
    for dry in (False, True):  # the last real run, and the last dry run
        last = max((r for r in finished if r.dry_run is dry), key=_finish_order, default=None)
        if last is not None:
            wanted.add(last.run_id)
    return Facts(
        now=journal.now(),
        journal=journal.where,
        runs=runs,
        tallies={run_id: journal.outcome_tally(run_id) for run_id in sorted(wanted)},
        last_outcome_at=journal.last_outcome_at(unfinished) if unfinished else {},
        held=journal.held_work(),
        person_tasks=journal.person_tasks(),
        failing=journal.failing(),
        invoices_left=journal.open_count(),
        this_host=this_host,
        lock=lock,
    )


def _finish_order(run: RunRecord) -> tuple[str, str]:
    return (run.finished_at or "", run.run_id)
