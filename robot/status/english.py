"""The status in the console's English, for an on-call person: each problem in a sentence, and
what a person must do about an invoice the robot left for one."""

from __future__ import annotations

from datetime import UTC, datetime

from robot.config import DANISH_TIME
from robot.journal.model import FailureStreak, PersonTask
from robot.privacy import safe_text
from robot.status.durations import spoken
from robot.status.model import Problem, ProblemKind


def local_time(epoch: float) -> str:
    """``2026-11-23 02:04`` in Danish time."""
    return datetime.fromtimestamp(epoch, UTC).astimezone(DANISH_TIME).strftime("%Y-%m-%d %H:%M")


def utc_iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def problem_text(problem: Problem) -> str:
    n = problem.count
    match problem.kind:
        case ProblemKind.PAYMENTS_FOR_A_PERSON:
            return f"{n} invoice(s) posted or begun, for a person to finish (below)"
        case ProblemKind.REPEATED_FAILURES:
            return f"{n} invoice(s) failing run after run with the same error (below)"
        case ProblemKind.STUCK_PROCESS:
            return (
                f"{n} robot process(es) of the run going on have not renewed their hold on an"
                " invoice for longer than a lease: stuck or gone"
            )
        case ProblemKind.LAST_RUN_FAILED:
            return f"the last run ended with exit code {n} (runbooks/operations.md, Exit codes)"
        case ProblemKind.LAST_RUN_TOO_OLD:
            return f"the last run finished {spoken(problem.seconds)} ago: a run was missed"
        case ProblemKind.NO_FINISHED_RUN:
            return "no run has finished yet"
    raise AssertionError(problem.kind)  # pragma: no cover


def task_text(task: PersonTask) -> str:
    """What a person must do to finish the invoice (the posting or the registrations left)."""
    plan, voucher = task.entry.plan, task.entry.voucher
    if not voucher:
        return (
            "not posted: part of the payment is registered, then the ERP refused the posting;"
            " post it by hand exactly as the robot's note in the ERP's manual queue says"
        )
    items = [
        f"{p.amount} DKK for {p.period_start:%d.%m.%Y}-{p.period_end:%d.%m.%Y}"
        f" on grant {p.grant_id}"
        for p in plan.payments
    ] + [f"{o.amount} DKK on certificate order {o.order_id}" for o in plan.order_payments]
    where = "; ".join(items) or "as the run report's sheet Kræver handling says"
    return (
        f"posted (voucher {voucher}), the payment not registered: register it in the case"
        f" system where it is missing: {where}"
    )


def streak_text(streak: FailureStreak) -> str:
    if streak.unfinished:
        return (
            f"written in part, then the journal went away; the next run finishes it: {streak.error}"
        )
    runs = f"failed in {streak.runs} run(s) in a row" if streak.runs > 1 else "failed"
    return f"{runs}: {streak.error}" if streak.error else runs


def shown(text: str) -> str:
    """A journal text for the console: CPR-shaped numbers masked (the journal keeps none) and
    control characters escaped."""
    return safe_text(text)
