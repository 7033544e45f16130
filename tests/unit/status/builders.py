"""Builders for status tests: the journal's facts at a fixed moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from robot.domain.codes import Code
from robot.domain.routes import Route
from robot.journal.model import (
    FailureStreak,
    HeldWork,
    JournalEntry,
    OutcomeKind,
    PersonTask,
    PlanKind,
    PlannedPayment,
    RunRecord,
    State,
    Tally,
    WritePlan,
)
from robot.status.facts import Facts
from robot.status.lock_probe import LockProbe

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LEASE_S = 60.0


def ago(**delta: float) -> float:
    return (NOW - timedelta(**delta)).timestamp()


def iso_ago(**delta: float) -> str:
    moment = NOW - timedelta(**delta)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def make_run(run_id: str, **overrides: Any) -> RunRecord:
    values: dict[str, Any] = {
        "run_id": run_id,
        "started_at": iso_ago(hours=6),
        "finished_at": iso_ago(hours=5),
        "host": "robot1",
        "dry_run": False,
        "mapping_file": "psp_mapping.xlsx",
        "mapping_sha256": "a" * 64,
        "exit_code": 0,
    }
    return RunRecord(**{**values, **overrides})


def make_held(erp_id: str, *, owner: str = "robot1:42:ab", renewed: float) -> HeldWork:
    return HeldWork(
        erp_id=erp_id,
        owner=owner,
        lease_until=renewed + LEASE_S,
        renewed_at=renewed,
        invoice_key="12345674/INV-7",
        state=State.POSTING,
    )


def make_task(erp_id: str = "ERP-000777", *, voucher: str | None = "V-1") -> PersonTask:
    plan = WritePlan(
        kind=PlanKind.PAY,
        route=Route.GRANT,
        payments=(
            PlannedPayment("B-1043", date(2026, 10, 1), date(2026, 10, 31), Decimal("32240.00")),
        ),
    )
    entry = JournalEntry(
        erp_id=erp_id,
        invoice_key="12345674/INV-9",
        state=State.NEEDS_PERSON,
        plan=plan,
        voucher=voucher,
    )
    return PersonTask(entry=entry, since=iso_ago(hours=5), run_id="r1", error="409 Conflict")


def make_streak(erp_id: str, runs: int, error: str = "ERP answered 503") -> FailureStreak:
    return FailureStreak(
        erp_id=erp_id,
        invoice_key="12345674/INV-3",
        runs=runs,
        error=error,
        last_run="r1",
        last_at=iso_ago(hours=5),
    )


def tally(run_id: str = "r1") -> dict[str, list[Tally]]:
    return {
        run_id: [
            Tally(OutcomeKind.PAID, Route.GRANT, None, 30),
            Tally(OutcomeKind.MANUAL, Route.GRANT, Code.AMOUNT_MISMATCH, 3),
            Tally(OutcomeKind.PAID, Route.PLAN, None, 13),
            Tally(OutcomeKind.FAILED, None, None, 2),
        ]
    }


def make_facts(**overrides: Any) -> Facts:
    values: dict[str, Any] = {
        "now": NOW.timestamp(),
        "journal": "/var/lib/bill-robot/journal/journal.sqlite3",
        "runs": [make_run("r1")],
        "tallies": tally("r1"),
        "last_outcome_at": {},
        "held": [],
        "person_tasks": [],
        "failing": [],
        "invoices_left": 0,
        "this_host": "robot1",
        "lock": LockProbe(held=False),
    }
    return Facts(**{**values, **overrides})
