"""`robot journal migrate`: a local journal with invoices in flight copied into a throwaway
PostgreSQL, after which the robot resumes from PostgreSQL exactly as it would have from SQLite,
with the same log key; refused under a run's lock, into a journal that holds another one, and
for a malformed URL."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr

from robot.cli import main
from robot.config import Settings
from robot.domain.claims import Claim
from robot.domain.routes import Route
from robot.journal.base import Journal
from robot.journal.model import (
    Lease,
    Outcome,
    OutcomeKind,
    PlanKind,
    PlannedPayment,
    PlannedPosting,
    State,
    WritePlan,
)
from robot.journal.opening import open_journal
from robot.journal.sqlite import SqliteJournal
from robot.run.lock import RunLock

OCTOBER = [Claim("grant:B-1043", f"2026-10-{d:02d}") for d in range(1, 32)]


def plan(grant: str) -> WritePlan:
    return WritePlan(
        kind=PlanKind.PAY,
        route=Route.GRANT,
        remark=f"§107 bevilling {grant}",
        postings=(PlannedPosting(1, grant, "XG-5385010001-00007", Decimal("32240.00"), "t"),),
        payments=(
            PlannedPayment(grant, date(2026, 10, 1), date(2026, 10, 31), Decimal("32240.00")),
        ),
    )


def in_flight(folder: Path) -> Lease:
    """A local journal as a run killed mid-way leaves it: a finished run and one without an
    end, outcomes, a lease still held, an invoice in state `posting` holding its claims, one
    posted, one for a person, the queue with due dates and a run's budget. Returns the lease
    the killed process held."""
    journal = SqliteJournal(folder)
    journal.log_key()
    for run in ("r1", "r2"):
        journal.start_run(run_id=run, host="robot1", dry_run=False, mapping_file="m", sha256="a")
    journal.enqueue(
        ["ERP-1", "ERP-2", "ERP-3", "ERP-4", "ERP-5", "ERP-6"],
        read_at=journal.now(),
        due={f"ERP-{n}": date(2026, 12, n) for n in range(1, 7)},
    )
    posting = journal.take(owner="robot1:10:aa", lease_s=30, skip=(), run_id="r1", budget=5)
    posted = journal.take(owner="robot1:10:aa", lease_s=30, skip=(), run_id="r1", budget=5)
    person = journal.take(owner="robot1:10:aa", lease_s=30, skip=(), run_id="r1", budget=5)
    assert posting is not None and posted is not None and person is not None
    assert (
        journal.claim(
            posting,
            invoice_key="12345674/INV-1",
            claims=OCTOBER[:15],
            plan=plan("B-1043"),
            run_id="r1",
        )
        == []
    )
    journal.record(
        posted, invoice_key="12345674/INV-2", state=State.POSTING, run_id="r1", plan=plan("B-2")
    )
    journal.record(
        posted, invoice_key="12345674/INV-2", state=State.POSTED, run_id="r1", voucher="V-2"
    )
    journal.record(
        person,
        invoice_key="12345674/INV-3",
        state=State.NEEDS_PERSON,
        run_id="r1",
        plan=plan("B-3"),
        voucher="V-3",
    )
    journal.release(person, done=True)
    journal.record_outcome(
        "r1", Outcome(erp_id="ERP-3", outcome=OutcomeKind.NEEDS_PERSON, error="409")
    )
    journal.record_outcome("r1", Outcome(erp_id="ERP-4", outcome=OutcomeKind.FAILED, error="503"))
    journal.finish_run(run_id="r1", exit_code=1, summary={"needs_person": 1, "failed": 1})
    # r2 was killed holding ERP-4 (its lease long enough to be held still).
    held = journal.take(owner="robot1:20:bb", lease_s=3600, skip=(), run_id="r2")
    assert held is not None
    journal.record_outcome("r2", Outcome(erp_id="ERP-4", outcome=OutcomeKind.FAILED, error="503"))
    for lease in (posting, posted):  # r1's process died holding them: their leases ran out
        assert journal.renew(lease, lease_s=-1)
    journal.close()
    return held


def settings_for(url: str) -> Settings:
    return Settings(_env_file=None, journal_url=SecretStr(url))  # type: ignore[call-arg]


def migrate(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("ROBOT_JOURNAL_DIR", str(folder))
    monkeypatch.delenv("ROBOT_JOURNAL_URL", raising=False)
    return main(["journal", "migrate", *args])


def same_reading(a: Journal, b: Journal) -> None:
    """What a run reads when it starts and resumes, equal from both journals."""
    assert a.log_key() == b.log_key()
    assert a.runs() == b.runs()
    assert a.outcomes() == [o for o in b.outcomes()]
    assert a.open_entries() == b.open_entries()
    assert [a.entry(f"ERP-{n}") for n in range(1, 7)] == [b.entry(f"ERP-{n}") for n in range(1, 7)]
    assert a.open_count() == b.open_count()
    assert a.person_tasks() == b.person_tasks()
    assert a.failing() == b.failing()
    assert [(h.erp_id, h.owner, h.state) for h in a.held_work()] == [
        (h.erp_id, h.owner, h.state) for h in b.held_work()
    ]
    assert a.failure_streak("ERP-4") == b.failure_streak("ERP-4") == (2, "503")


def test_a_journal_in_flight_is_copied_and_the_robot_resumes_from_postgres_as_from_sqlite(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "journal"
    held = in_flight(folder)
    before = tmp_path / "as-it-was"
    shutil.copytree(folder, before)
    assert migrate(folder, "--to", postgres_url, monkeypatch=monkeypatch) == 0
    said = capsys.readouterr().out
    assert "copied" in said and "outcomes" in said and "rows and checksums agree" in said
    shared = open_journal(settings_for(postgres_url))
    local = SqliteJournal(before)
    try:
        same_reading(local, shared)
        # The killed process's lease still fences its writes, and still keeps others off.
        for journal in (local, shared):
            journal.check(held)
        # The next run queues the inbox and takes the same invoice first (the one in
        # `posting`, its lease run out) with the same fencing token; the same invoice is then
        # refused the same grant days.
        for journal in (local, shared):
            journal.enqueue(["ERP-5", "ERP-6"], read_at=journal.now())
        local_next = local.take(owner="next:1:cc", lease_s=30, skip=(), run_id="r3")
        shared_next = shared.take(owner="next:1:cc", lease_s=30, skip=(), run_id="r3")
        assert local_next is not None and shared_next is not None
        assert (local_next.erp_id, local_next.token) == (shared_next.erp_id, shared_next.token)
        assert local_next.erp_id == "ERP-1"
        other = local.take(owner="x:1:dd", lease_s=30, skip=())
        other_shared = shared.take(owner="x:1:dd", lease_s=30, skip=())
        assert other is not None and other_shared is not None
        assert other.erp_id == other_shared.erp_id
        holders = [
            j.claim(lease, invoice_key="k", claims=OCTOBER[10:20], plan=plan("B-1043"), run_id="r3")
            for j, lease in ((local, other), (shared, other_shared))
        ]
        assert holders[0] == holders[1] != []
        # New outcomes are numbered after the copied ones.
        shared.record_outcome("r3", Outcome(erp_id="ERP-6", outcome=OutcomeKind.PAID))
        numbers = [o.number for o in shared.outcomes()]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    finally:
        local.close()
        shared.close()


def test_copying_again_into_the_same_copy_changes_nothing(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "journal"
    in_flight(folder)
    assert migrate(folder, "--to", postgres_url, monkeypatch=monkeypatch) == 0
    capsys.readouterr()
    assert migrate(folder, "--to", postgres_url, monkeypatch=monkeypatch) == 0
    assert "already holds this very copy" in capsys.readouterr().out


def test_a_shared_journal_holding_another_journal_is_refused_and_left_alone(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shared = open_journal(settings_for(postgres_url))
    shared.start_run(run_id="elsewhere", host="robot9", dry_run=False, mapping_file="m", sha256="a")
    shared.close()
    folder = tmp_path / "journal"
    in_flight(folder)
    assert migrate(folder, "--to", postgres_url, monkeypatch=monkeypatch) == 2
    assert "already holds a journal (1 runs)" in capsys.readouterr().err
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM outcomes").fetchone() == (0,)


def test_a_shared_journal_that_only_made_its_own_log_key_takes_the_local_one(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = open_journal(settings_for(postgres_url))
    their_key = shared.log_key()  # `robot report` checking the way makes one
    shared.close()
    folder = tmp_path / "journal"
    in_flight(folder)
    assert migrate(folder, "--to", postgres_url, monkeypatch=monkeypatch) == 0
    shared = open_journal(settings_for(postgres_url))
    try:
        assert shared.log_key() == (folder / "log-key").read_bytes() != their_key
    finally:
        shared.close()


def test_no_copy_while_a_run_holds_the_lock(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "journal"
    in_flight(folder)
    with RunLock(folder):
        assert migrate(folder, "--to", postgres_url, monkeypatch=monkeypatch) == 3
    assert "holds the lock" in capsys.readouterr().err
    with psycopg.connect(postgres_url) as conn:
        found = conn.execute("SELECT to_regclass('runs') IS NOT NULL").fetchone()
        assert found == (False,)  # not even the tables were made


def test_a_malformed_url_is_refused_without_quoting_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    SqliteJournal(folder).close()
    url = "postgresql://robot:s3cret@pa@ss@db.example/journal"
    assert migrate(folder, "--to", url, monkeypatch=monkeypatch) == 2
    err = capsys.readouterr().err
    assert "--to" in err and "s3cret" not in err


def test_an_unreachable_target_is_exit_4_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    SqliteJournal(folder).close()
    url = "postgresql://robot:s3cret@127.0.0.1:1/journal"
    assert migrate(folder, "--to", url, monkeypatch=monkeypatch) == 4
    err = capsys.readouterr().err
    assert "postgresql://robot@127.0.0.1:1/journal" in err and "s3cret" not in err


def test_without_a_local_journal_there_is_nothing_to_copy(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert migrate(tmp_path / "journal", "--to", postgres_url, monkeypatch=monkeypatch) == 2
    assert "no local journal" in capsys.readouterr().err
