"""The status as a value, decided from what the journal says (no IO): the run going on now (see
`robot.status.liveness`), the last finished run, and what needs a person."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from robot.exit_codes import ExitCode
from robot.journal.model import FailureStreak, HeldWork, PersonTask, RunRecord, Tally
from robot.status.facts import Facts
from robot.status.liveness import (
    SILENT_AFTER_S,
    StoppedRun,
    alive_and_stopped,
    renewed,
    seconds,
)

# The last run's ends that need a person (1: left after faults, the next run takes them;
# 130: stopped by hand).
_FINE_ENDS = (ExitCode.COMPLETED, ExitCode.COMPLETED_WITH_FAULTS, ExitCode.INTERRUPTED)
REPEATING_AFTER = 2  # runs in a row failing an invoice the same way: a person looks


class ProblemKind(StrEnum):
    PAYMENTS_FOR_A_PERSON = "payments_for_a_person"
    REPEATED_FAILURES = "repeated_failures"
    STUCK_PROCESS = "stuck_process"
    LAST_RUN_FAILED = "last_run_failed"
    LAST_RUN_TOO_OLD = "last_run_too_old"
    NO_FINISHED_RUN = "no_finished_run"


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    count: int = 0  # invoices, processes, or the exit code
    seconds: float = 0.0  # how old the last run is, or the limit


@dataclass(frozen=True, slots=True, kw_only=True)
class InWork:
    held: HeldWork
    renewed_ago_s: float
    stale: bool  # not renewed within a lease's length: the process is stuck or gone


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentRun:
    runs: list[RunRecord]  # every run going on now (one per machine), earliest first
    started: str
    done: int
    left: int
    outcomes: dict[str, int]
    in_work: list[InWork]

    @property
    def run_id(self) -> str:
        return self.runs[-1].run_id

    @property
    def hosts(self) -> list[str]:
        return sorted({r.host for r in self.runs})

    @property
    def processes(self) -> int:
        return len({w.held.owner for w in self.in_work if not w.stale})


@dataclass(frozen=True, slots=True, kw_only=True)
class LastRun:
    run: RunRecord
    age_s: float
    duration_s: float
    tally: list[Tally]

    def outcomes(self) -> dict[str, int]:
        return _sum(self.tally, lambda t: t.outcome.value)

    def codes(self) -> dict[str, int]:
        return _sum((t for t in self.tally if t.code), lambda t: str(t.code))

    def routes(self) -> dict[str, dict[str, int]]:
        found: dict[str, Counter[str]] = defaultdict(Counter)
        for t in self.tally:
            found[t.route.value if t.route else "none"][t.outcome.value] += t.count
        order = sorted(found, key=lambda route: (route == "none", route))  # undecided last
        return {route: dict(found[route]) for route in order}


@dataclass(frozen=True, slots=True, kw_only=True)
class Status:
    checked_at: float
    journal: str
    current: CurrentRun | None
    last: LastRun | None
    stopped: list[StoppedRun]
    person_tasks: list[PersonTask]
    repeating: list[FailureStreak]
    left_after_faults: list[FailureStreak]
    invoices_left: int
    problems: list[Problem] = field(default_factory=list)
    lock_without_run: int | None = None  # this machine's lock is held, no run in the journal

    @property
    def healthy(self) -> bool:
        return not self.problems


def decide_status(
    facts: Facts,
    *,
    lease_s: float,
    expect_every_s: float | None = None,
    silent_after_s: float = SILENT_AFTER_S,
) -> Status:
    alive, stopped = alive_and_stopped(facts, silent_after_s)
    current = _current(facts, alive, lease_s) if alive else None
    last = _last(facts)
    repeating = [f for f in facts.failing if f.runs >= REPEATING_AFTER and not f.unfinished]
    lock_alone = facts.lock.held and not any(r.host == facts.this_host for r in alive)
    status = Status(
        checked_at=facts.now,
        journal=facts.journal,
        current=current,
        last=last,
        stopped=stopped,
        person_tasks=facts.person_tasks,
        repeating=repeating,
        left_after_faults=[f for f in facts.failing if f not in repeating],
        invoices_left=facts.invoices_left,
        lock_without_run=(facts.lock.pid or 0) if lock_alone else None,
    )
    status.problems.extend(_problems(status, expect_every_s))
    return status


def _problems(status: Status, expect_every_s: float | None) -> list[Problem]:
    found = []
    if status.person_tasks:
        found.append(Problem(ProblemKind.PAYMENTS_FOR_A_PERSON, len(status.person_tasks)))
    if status.repeating:
        found.append(Problem(ProblemKind.REPEATED_FAILURES, len(status.repeating)))
    stuck = {w.held.owner for w in status.current.in_work if w.stale} if status.current else ()
    if stuck:
        found.append(Problem(ProblemKind.STUCK_PROCESS, len(stuck)))
    last = status.last
    if last is not None and last.run.exit_code not in (None, *_FINE_ENDS):
        found.append(Problem(ProblemKind.LAST_RUN_FAILED, int(last.run.exit_code or 0)))
    if expect_every_s is not None:
        if last is None:
            found.append(Problem(ProblemKind.NO_FINISHED_RUN, seconds=expect_every_s))
        elif last.age_s > expect_every_s:
            found.append(Problem(ProblemKind.LAST_RUN_TOO_OLD, seconds=last.age_s))
    return found


def _current(facts: Facts, alive: list[RunRecord], lease_s: float) -> CurrentRun:
    starts = {r.host: seconds(r.started_at) for r in alive}
    in_work = [
        InWork(
            held=h,
            renewed_ago_s=max(0.0, facts.now - renewed(h, lease_s)),
            stale=facts.now - renewed(h, lease_s) > lease_s,
        )
        for h in facts.held
        if h.host in starts and renewed(h, lease_s) >= starts[h.host]
    ]
    tally = [t for r in alive for t in facts.tallies.get(r.run_id, [])]
    outcomes = _sum(tally, lambda t: t.outcome.value)
    return CurrentRun(
        runs=alive,
        started=alive[0].started_at,
        done=sum(outcomes.values()),
        left=facts.invoices_left,
        outcomes=outcomes,
        in_work=in_work,
    )


def _last(facts: Facts) -> LastRun | None:
    """The last finished real run; before the first real run, the last dry run."""
    finished = [r for r in facts.runs if r.finished_at]
    real = [r for r in finished if not r.dry_run]
    last = max(real or finished, key=lambda r: (r.finished_at or "", r.run_id), default=None)
    if last is None:
        return None
    end = seconds(last.finished_at or "")
    return LastRun(
        run=last,
        age_s=max(0.0, facts.now - end),
        duration_s=max(0.0, end - seconds(last.started_at)),
        tally=facts.tallies.get(last.run_id, []),
    )


def _sum(tally: Iterable[Tally], key: Callable[[Tally], str]) -> dict[str, int]:
    """Counts per key, the largest first."""
    counts: Counter[str] = Counter()
    for t in tally:
        counts[key(t)] += t.count
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
