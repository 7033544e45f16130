"""The journal's logic in SQL that SQLite and PostgreSQL both speak; each implementation
supplies its connection, its transactions, its clock and the statements that differ.

Statements are written with `?` placeholders; the PostgreSQL journal turns them into `%s`.
"""

from __future__ import annotations

import functools
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from robot.journal.codec import code_of, plan_from_json, plan_to_json
from robot.journal.model import (
    Claim,
    ClaimHolder,
    FailureStreak,
    HeldWork,
    JournalEntry,
    Lease,
    LeaseLost,
    Outcome,
    OutcomeKind,
    PersonTask,
    PlanKind,
    Route,
    RunRecord,
    State,
    Tally,
    WritePlan,
)
from robot.privacy import mask_cpr

T = TypeVar("T")

OUTCOME_COLUMNS = (
    "run_id",
    "at",
    "erp_id",
    "invoice_key",
    "supplier_cvr",
    "supplier_name",
    "route",
    "outcome",
    "code",
    "refs",
    "psp",
    "amount",
    "currency",
    "doc_type",
    "period_start",
    "period_end",
    "due_date",
    "voucher",
    "came_back",
    "note",
    "error",
)
_REAL_RUN_OUTCOMES = (OutcomeKind.PAID, OutcomeKind.MANUAL, OutcomeKind.FAILED)


F = TypeVar("F", bound=Callable[..., Any])


def journal_step(method: F) -> F:
    """One operation of the journal, done through the implementation's `_attempt` (PostgreSQL
    tries it again on a fresh connection after a transient error, then says the journal cannot
    be reached)."""

    @functools.wraps(method)
    def attempted(self: SqlJournal, *args: Any, **kwargs: Any) -> Any:
        return self._attempt(lambda: method(self, *args, **kwargs))

    return attempted  # type: ignore[return-value]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Tx(ABC):
    """One transaction's statements."""

    @abstractmethod
    def run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute and return a cursor (fetchone, fetchall, rowcount)."""

    @abstractmethod
    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def abort(self) -> None:
        """Roll the transaction back instead of committing it when the block ends."""


class SqlJournal(ABC):
    """The journal over a SQL database; subclasses give transactions and a clock."""

    where = "journal"

    @abstractmethod
    def _tx(self) -> AbstractContextManager[Tx]:
        """A write transaction that serialises with other writers where it must."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Tx]:
        """A read-only transaction."""

    @abstractmethod
    def _clock(self, tx: Tx) -> float:
        """Seconds since the epoch by the clock every process of this journal shares."""

    _LOCK_TAKEN = ""  # PostgreSQL: FOR UPDATE SKIP LOCKED

    def _attempt(self, step: Callable[[], T]) -> T:
        """Run one journal operation; an implementation may try it again after a fault."""
        return step()

    _LOCK_ROW = ""  # PostgreSQL: FOR UPDATE
    # Once a run's budget (--max-invoices) is spent, only the invoices it took are its work.
    _TAKEN_BY_RUN = " AND erp_id IN (SELECT erp_id FROM run_taken WHERE run_id = ?)"

    def _take_sql(self, skip_count: int, *, only_taken: bool = False) -> str:
        """SELECT the next takeable erp_id (params: now, now, *skip[, run_id]); only those the
        run has taken before once its budget is spent."""
        marks = ", ".join("?" for _ in range(skip_count))
        skip = f" AND erp_id NOT IN ({marks})" if skip_count else ""
        if only_taken:
            skip += self._TAKEN_BY_RUN
        # Unfinished work first, then the earliest due: a run cut short has paid what is urgent.
        order = f" ORDER BY priority, due_date, queued_at, erp_id LIMIT 1{self._LOCK_TAKEN}"
        select = "SELECT erp_id FROM work WHERE done_at IS NULL AND lease_until < ?"
        return f"{select} AND not_before <= ?{skip}{order}"

    @journal_step
    def now(self) -> float:
        """The shared clock, e.g. to stamp when the inbox was read."""
        with self._read() as tx:
            return self._clock(tx)

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def log_key(self) -> bytes: ...

    # runs --------------------------------------------------------------------------------

    @journal_step
    def start_run(
        self, *, run_id: str, host: str, dry_run: bool, mapping_file: str, sha256: str
    ) -> None:
        with self._tx() as tx:
            tx.run(
                "INSERT INTO runs (run_id, started_at, host, dry_run, mapping_file,"
                " mapping_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, now_iso(), host, int(dry_run), mask_cpr(mapping_file), sha256),
            )

    @journal_step
    def finish_run(self, *, run_id: str, exit_code: int, summary: dict[str, int]) -> None:
        with self._tx() as tx:
            tx.run(
                "UPDATE runs SET finished_at = ?, exit_code = ?, summary = ? WHERE run_id = ?",
                (now_iso(), exit_code, json.dumps(summary), run_id),
            )

    @journal_step
    def runs(self) -> list[RunRecord]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT run_id, started_at, finished_at, host, dry_run, mapping_file,"
                " mapping_sha256, exit_code, summary FROM runs ORDER BY started_at, run_id"
            ).fetchall()
        return [
            RunRecord(
                run_id=r[0],
                started_at=r[1],
                finished_at=r[2],
                host=r[3],
                dry_run=bool(r[4]),
                mapping_file=r[5],
                mapping_sha256=r[6],
                exit_code=r[7],
                summary=json.loads(r[8]) if r[8] else {},
            )
            for r in rows
        ]

    # the work queue ------------------------------------------------------------------------

    @journal_step
    def enqueue(
        self,
        erp_ids: Sequence[str],
        *,
        read_at: float,
        due: Mapping[str, date] | None = None,
    ) -> int:
        due = due or {}
        with self._tx() as tx:
            now = self._clock(tx)
            open_ids = {
                row[0]
                for row in tx.run(
                    "SELECT erp_id FROM invoices WHERE state NOT IN (?, ?)",
                    (State.DONE.value, State.NEEDS_PERSON.value),
                ).fetchall()
            }
            rows = [
                (erp_id, 0 if erp_id in open_ids else 1, now, _due(due.get(erp_id)))
                for erp_id in erp_ids
            ]
            # The due date as the inbox shows it now (a person may have corrected it).
            tx.run_many(
                "INSERT INTO work (erp_id, priority, queued_at, due_date) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (erp_id) DO UPDATE SET due_date = excluded.due_date",
                rows,
            )
            for chunk in _chunks(list(erp_ids), 500):
                marks = ", ".join("?" for _ in chunk)
                reopen = f"UPDATE work SET done_at = NULL, not_before = 0, queued_at = ? WHERE done_at IS NOT NULL AND done_at < ? AND erp_id IN ({marks})"  # noqa: E501
                tx.run(reopen, (now, read_at, *chunk))
            # Unfinished entries are resumed whether or not the inbox still lists them.
            tx.run_many(
                "INSERT INTO work (erp_id, priority, queued_at) VALUES (?, 0, ?)"
                " ON CONFLICT (erp_id) DO UPDATE SET done_at = NULL, priority = 0",
                [(erp_id, now) for erp_id in sorted(open_ids)],
            )
            (count,) = tx.run("SELECT COUNT(*) FROM work WHERE done_at IS NULL").fetchone()
        return int(count)

    @journal_step
    def take(
        self,
        *,
        owner: str,
        lease_s: float,
        skip: Collection[str],
        run_id: str = "",
        budget: int | None = None,
    ) -> Lease | None:
        skipped = sorted(skip)
        asked_at = time.monotonic()
        with self._tx() as tx:
            now = self._clock(tx)
            only_taken = budget is not None and self._spent(tx, run_id) >= budget
            sql = self._take_sql(len(skipped), only_taken=only_taken)
            params = (now, now, *skipped, *((run_id,) if only_taken else ()))
            row = tx.run(sql, params).fetchone()
            if row is None:
                return None
            erp_id = row[0]
            if budget is not None:
                tx.run(
                    "INSERT INTO run_taken (run_id, erp_id) VALUES (?, ?)"
                    " ON CONFLICT (run_id, erp_id) DO NOTHING",
                    (run_id, erp_id),
                )
            tx.run(
                "UPDATE work SET owner = ?, lease_until = ?, renewed_at = ?, token = token + 1"
                " WHERE erp_id = ?",
                (owner, now + lease_s, now, erp_id),
            )
            (token,) = tx.run("SELECT token FROM work WHERE erp_id = ?", (erp_id,)).fetchone()
        return Lease(erp_id=erp_id, owner=owner, token=int(token), asked_at=asked_at)

    def _spent(self, tx: Tx, run_id: str) -> int:
        """How many invoices the run has taken (its row locked where writers do not serialise,
        so that two processes never both take the last of a budget)."""
        tx.run(f"SELECT run_id FROM runs WHERE run_id = ?{self._LOCK_ROW}", (run_id,))
        return self._taken(tx, run_id)

    def _taken(self, tx: Tx, run_id: str) -> int:
        (count,) = tx.run("SELECT COUNT(*) FROM run_taken WHERE run_id = ?", (run_id,)).fetchone()
        return int(count)

    @journal_step
    def renew(self, lease: Lease, *, lease_s: float) -> bool:
        with self._tx() as tx:
            now = self._clock(tx)
            changed = tx.run(
                "UPDATE work SET lease_until = ?, renewed_at = ?"
                " WHERE erp_id = ? AND owner = ? AND token = ?",
                (now + lease_s, now, lease.erp_id, lease.owner, lease.token),
            ).rowcount
        return bool(changed)

    @journal_step
    def release(self, lease: Lease, *, done: bool, retry_after_s: float = 0.0) -> None:
        with self._tx() as tx:
            now = self._clock(tx)
            tx.run(
                "UPDATE work SET owner = NULL, lease_until = 0, done_at = ?, not_before = ?"
                " WHERE erp_id = ? AND owner = ? AND token = ?",
                (
                    now if done else None,
                    0 if done else now + retry_after_s,
                    lease.erp_id,
                    lease.owner,
                    lease.token,
                ),
            )

    @journal_step
    def check(self, lease: Lease) -> None:
        with self._read() as tx:
            self._fence(tx, lease)

    def _fence(self, tx: Tx, lease: Lease) -> None:
        row = tx.run(
            "SELECT 1 FROM work WHERE erp_id = ? AND owner = ? AND token = ?",
            (lease.erp_id, lease.owner, lease.token),
        ).fetchone()
        if row is None:
            raise LeaseLost(f"{lease.erp_id} is now held by another process")

    @journal_step
    def open_count(self, *, run_id: str = "", budget: int | None = None) -> int:
        sql = "SELECT COUNT(*) FROM work WHERE done_at IS NULL"
        with self._read() as tx:
            if budget is not None and self._taken(tx, run_id) >= budget:
                (count,) = tx.run(sql + self._TAKEN_BY_RUN, (run_id,)).fetchone()
            else:
                (count,) = tx.run(sql).fetchone()
        return int(count)

    # one invoice ---------------------------------------------------------------------------

    @journal_step
    def entry(self, erp_id: str) -> JournalEntry | None:
        with self._read() as tx:
            row = tx.run(
                "SELECT erp_id, invoice_key, state, plan, voucher FROM invoices WHERE erp_id = ?",
                (erp_id,),
            ).fetchone()
        return _entry(row) if row else None

    @journal_step
    def open_entries(self) -> list[JournalEntry]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT erp_id, invoice_key, state, plan, voucher FROM invoices"
                " WHERE state NOT IN (?, ?) ORDER BY updated_at, erp_id",
                (State.DONE.value, State.NEEDS_PERSON.value),
            ).fetchall()
        return [_entry(r) for r in rows]

    @journal_step
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
        with self._tx() as tx:
            self._fence(tx, lease)
            self._upsert(tx, lease.erp_id, invoice_key, state, run_id, plan, voucher)

    def _upsert(
        self,
        tx: Tx,
        erp_id: str,
        invoice_key: str,
        state: State,
        run_id: str,
        plan: WritePlan | None,
        voucher: str | None,
    ) -> None:
        stored = plan_to_json(plan) if plan is not None else plan_to_json(_EMPTY_NOTE)
        tx.run(
            "INSERT INTO invoices (erp_id, invoice_key, state, plan, voucher, run_id, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (erp_id) DO UPDATE SET"
            " state = excluded.state, run_id = excluded.run_id,"
            " updated_at = excluded.updated_at, invoice_key = excluded.invoice_key,"
            " plan = CASE WHEN ? = 1 THEN excluded.plan ELSE invoices.plan END,"
            " voucher = COALESCE(excluded.voucher, invoices.voucher)",
            (
                erp_id,
                mask_cpr(invoice_key),
                state.value,
                stored,
                voucher,
                run_id,
                now_iso(),
                1 if plan is not None else 0,
            ),
        )

    @journal_step
    def claim(
        self,
        lease: Lease,
        *,
        invoice_key: str,
        claims: Sequence[Claim],
        plan: WritePlan,
        run_id: str,
    ) -> list[ClaimHolder]:
        wanted = {(c.resource, c.unit) for c in claims}
        resources = sorted({c.resource for c in claims})
        # One order for every writer: two invoices claiming overlapping sets never deadlock.
        ordered = sorted(set(claims), key=lambda c: (c.resource, c.unit))
        with self._tx() as tx:
            self._fence(tx, lease)
            tx.run_many(
                "INSERT INTO claims (resource, unit, erp_id, invoice_key, claimed_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (resource, unit) DO NOTHING",
                [
                    (c.resource, c.unit, lease.erp_id, mask_cpr(invoice_key), now_iso())
                    for c in ordered
                ],
            )
            held = []
            for chunk in _chunks(resources, 200):
                marks = ", ".join("?" for _ in chunk)
                held += tx.run(
                    "SELECT resource, unit, erp_id, invoice_key FROM claims"
                    f" WHERE resource IN ({marks}) AND erp_id != ?",
                    (*chunk, lease.erp_id),
                ).fetchall()
            others = [row for row in held if (row[0], row[1]) in wanted]
            if others:
                holders = self._holders(tx, others)
                tx.abort()
                return holders
            mine = tx.run(
                "SELECT resource, unit FROM claims WHERE erp_id = ?", (lease.erp_id,)
            ).fetchall()
            stale = [(r[0], r[1]) for r in mine if (r[0], r[1]) not in wanted]
            tx.run_many(
                "DELETE FROM claims WHERE resource = ? AND unit = ? AND erp_id = ?",
                [(res, unit, lease.erp_id) for res, unit in stale],
            )
            self._upsert(tx, lease.erp_id, invoice_key, State.POSTING, run_id, plan, None)
        return []

    def _holders(self, tx: Tx, rows: Sequence[Sequence[Any]]) -> list[ClaimHolder]:
        """One ClaimHolder per claim another invoice holds (so a note can name every day)."""
        states: dict[str, tuple[State | None, bool]] = {}
        holders = []
        for resource, unit, erp_id, invoice_key in sorted(rows, key=lambda r: (r[2], r[0], r[1])):
            if erp_id not in states:
                found = tx.run(
                    "SELECT state, plan FROM invoices WHERE erp_id = ?", (erp_id,)
                ).fetchone()
                state = State(found[0]) if found else None
                pays = plan_from_json(found[1]).pays if found else True
                final = found is None or state in (State.POSTED, State.DONE, State.NEEDS_PERSON)
                states[erp_id] = (state, bool(final and pays))
            state, paid = states[erp_id]
            holders.append(
                ClaimHolder(
                    claim=Claim(resource, unit),
                    erp_id=erp_id,
                    invoice_key=invoice_key,
                    state=state,
                    paid=paid,
                )
            )
        return holders

    @journal_step
    def begin_note(self, lease: Lease, *, invoice_key: str, plan: WritePlan, run_id: str) -> None:
        with self._tx() as tx:
            self._fence(tx, lease)
            tx.run("DELETE FROM claims WHERE erp_id = ?", (lease.erp_id,))
            self._upsert(tx, lease.erp_id, invoice_key, State.NOTING, run_id, plan, None)

    # history -------------------------------------------------------------------------------

    @journal_step
    def record_outcome(self, run_id: str, outcome: Outcome) -> None:
        values = _outcome_row(run_id, outcome)
        marks = ", ".join("?" for _ in OUTCOME_COLUMNS)
        with self._tx() as tx:
            tx.run(
                f"INSERT INTO outcomes ({', '.join(OUTCOME_COLUMNS)}) VALUES ({marks})",
                values,
            )

    @journal_step
    def outcomes(self, run_id: str | None = None) -> list[Outcome]:
        columns = ", ".join(("id", *OUTCOME_COLUMNS))
        with self._read() as tx:
            if run_id is None:
                rows = tx.run(f"SELECT {columns} FROM outcomes ORDER BY id").fetchall()
            else:
                rows = tx.run(
                    f"SELECT {columns} FROM outcomes WHERE run_id = ? ORDER BY id",
                    (run_id,),
                ).fetchall()
        return [
            outcome_from_row(dict(zip(("id", *OUTCOME_COLUMNS), row, strict=True))) for row in rows
        ]

    @journal_step
    def outcome_counts(self, run_id: str) -> dict[str, int]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT outcome, COUNT(*) FROM outcomes WHERE run_id = ? GROUP BY outcome",
                (run_id,),
            ).fetchall()
        return {str(outcome): int(count) for outcome, count in rows}

    @journal_step
    def failure_streak(self, erp_id: str) -> tuple[int, str]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT o.outcome, o.error, o.run_id FROM outcomes o JOIN runs r"
                " ON r.run_id = o.run_id WHERE o.erp_id = ? AND r.dry_run = 0"
                " ORDER BY o.id DESC LIMIT 50",
                (erp_id,),
            ).fetchall()
        return _streak(rows)

    # watching the robot -------------------------------------------------------------------

    @journal_step
    def outcome_tally(self, run_id: str) -> list[Tally]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT outcome, route, code, COUNT(*) FROM outcomes WHERE run_id = ?"
                " GROUP BY outcome, route, code",
                (run_id,),
            ).fetchall()
        return sorted(
            (
                Tally(OutcomeKind(o), Route(r) if r else None, code_of(c), int(n))
                for o, r, c, n in rows
            ),
            key=lambda t: (t.outcome.value, t.route or "", t.code or ""),
        )

    @journal_step
    def last_outcome_at(self, run_ids: Collection[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self._read() as tx:
            for chunk in _chunks(sorted(run_ids), 500):
                marks = ", ".join("?" for _ in chunk)
                found |= {
                    str(run): str(at)
                    for run, at in tx.run(
                        f"SELECT run_id, MAX(at) FROM outcomes WHERE run_id IN ({marks})"
                        " GROUP BY run_id",
                        chunk,
                    ).fetchall()
                }
        return found

    @journal_step
    def held_work(self) -> list[HeldWork]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT w.erp_id, w.owner, w.lease_until, w.renewed_at, i.invoice_key, i.state"
                " FROM work w LEFT JOIN invoices i ON i.erp_id = w.erp_id"
                " WHERE w.owner IS NOT NULL AND w.done_at IS NULL ORDER BY w.erp_id"
            ).fetchall()
        return [
            HeldWork(
                erp_id=erp_id,
                owner=owner,
                lease_until=float(until),
                renewed_at=None if renewed is None else float(renewed),
                invoice_key=key or "",
                state=State(state) if state else None,
            )
            for erp_id, owner, until, renewed, key, state in rows
        ]

    @journal_step
    def person_tasks(self) -> list[PersonTask]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT i.erp_id, i.invoice_key, i.state, i.plan, i.voucher, i.updated_at,"
                " i.run_id, (SELECT o.error FROM outcomes o WHERE o.erp_id = i.erp_id"
                " AND o.outcome = ? ORDER BY o.id DESC LIMIT 1)"
                " FROM invoices i WHERE i.state = ? ORDER BY i.updated_at, i.erp_id",
                (OutcomeKind.NEEDS_PERSON.value, State.NEEDS_PERSON.value),
            ).fetchall()
        return [
            PersonTask(entry=_entry(r[:5]), since=r[5], run_id=r[6], error=r[7] or "") for r in rows
        ]

    @journal_step
    def failing(self) -> list[FailureStreak]:
        with self._read() as tx:
            rows = tx.run(
                "SELECT o.erp_id, o.outcome, o.error, o.run_id, o.at, o.invoice_key"
                " FROM outcomes o JOIN runs r ON r.run_id = o.run_id"
                " JOIN work w ON w.erp_id = o.erp_id"
                " WHERE r.dry_run = 0 AND w.done_at IS NULL ORDER BY o.erp_id, o.id DESC"
            ).fetchall()
        history: dict[str, list[Sequence[Any]]] = {}
        for row in rows:
            history.setdefault(row[0], []).append(row)
        found = []
        for erp_id, own in history.items():
            latest = own[0]
            unfinished = latest[1] == OutcomeKind.UNFINISHED.value
            runs, error = _streak([(r[1], r[2], r[3]) for r in own])
            if runs or unfinished:
                found.append(
                    FailureStreak(
                        erp_id=erp_id,
                        invoice_key=next((r[5] for r in own if r[5]), ""),
                        runs=max(runs, 1),
                        error=error if runs else latest[2],
                        last_run=latest[3],
                        last_at=latest[4],
                        unfinished=unfinished,
                    )
                )
        return found

    @journal_step
    def mark_handled(self, erp_id: str) -> bool:
        with self._tx() as tx:
            changed = tx.run(
                "UPDATE invoices SET state = ?, updated_at = ? WHERE erp_id = ? AND state = ?",
                (State.DONE.value, now_iso(), erp_id, State.NEEDS_PERSON.value),
            ).rowcount
        return bool(changed)

    @journal_step
    def purge(self, *, before: str) -> tuple[int, int]:
        with self._tx() as tx:
            stripped = tx.run(
                "UPDATE outcomes SET note = '', refs = '', error = '', supplier_name = ''"
                " WHERE at < ? AND (note != '' OR refs != '' OR error != ''"
                " OR supplier_name != '')",
                (before,),
            ).rowcount
            doomed = [
                row[0]
                for row in tx.run(
                    "SELECT erp_id FROM invoices WHERE state = ? AND updated_at < ?",
                    (State.DONE.value, before),
                ).fetchall()
            ]
            for chunk in _chunks(doomed, 500):
                marks = ", ".join("?" for _ in chunk)
                tx.run(f"DELETE FROM claims WHERE erp_id IN ({marks})", chunk)
                tx.run(f"DELETE FROM invoices WHERE erp_id IN ({marks})", chunk)
                tx.run(
                    f"DELETE FROM work WHERE done_at IS NOT NULL AND erp_id IN ({marks})",
                    chunk,
                )
        return int(stripped), len(doomed)


_EMPTY_NOTE = WritePlan(kind=PlanKind.NOTE)


def _entry(row: Sequence[Any]) -> JournalEntry:
    return JournalEntry(
        erp_id=row[0],
        invoice_key=row[1],
        state=State(row[2]),
        plan=plan_from_json(row[3]),
        voucher=row[4],
    )


def _outcome_row(run_id: str, o: Outcome) -> tuple[Any, ...]:
    def text(value: str) -> str:
        return mask_cpr(value)

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    amount = "" if o.amount is None else str(Decimal(o.amount))
    return (
        run_id,
        now_iso(),
        o.erp_id,
        text(o.invoice_key),
        o.supplier_cvr,
        text(o.supplier_name)[:200],
        o.route.value if o.route else None,
        o.outcome.value,
        o.code.value if o.code else None,
        text(o.references),
        o.psp,
        amount,
        o.currency[:10],
        o.doc_type,
        day(o.period_start),
        day(o.period_end),
        day(o.due_date),
        o.voucher,
        int(o.came_back),
        text(o.note),
        text(o.error),
    )


def _streak(rows: Sequence[Sequence[Any]]) -> tuple[int, str]:
    """Runs in a row, newest first, that failed an invoice with the same error, and that error:
    rows are (outcome, error, run_id), newest first."""
    streak, error, runs = 0, "", set()
    for outcome, text, run in rows:
        if outcome != OutcomeKind.FAILED.value or (streak and text != error):
            break
        error = text
        if run not in runs:
            runs.add(run)
            streak += 1
    return streak, error


_NO_DUE_DATE = "9999-12-31"  # sorts after every real due date


def _due(day: date | None) -> str:
    return day.isoformat() if day else _NO_DUE_DATE


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


REAL_RUN_OUTCOMES = tuple(o.value for o in _REAL_RUN_OUTCOMES)


def outcome_from_row(row: dict[str, object]) -> Outcome:
    """An outcome row of the journal, typed again."""

    def day(value: object) -> date | None:
        return date.fromisoformat(str(value)) if value else None

    amount = str(row.get("amount") or "")
    route = row.get("route")
    return Outcome(
        erp_id=str(row["erp_id"]),
        outcome=OutcomeKind(str(row["outcome"])),
        invoice_key=str(row.get("invoice_key") or ""),
        supplier_cvr=str(row.get("supplier_cvr") or ""),
        supplier_name=str(row.get("supplier_name") or ""),
        route=Route(str(route)) if route else None,
        code=code_of(row.get("code")),
        references=str(row.get("refs") or ""),
        psp=str(row.get("psp") or ""),
        amount=Decimal(amount) if amount else None,
        currency=str(row.get("currency") or "DKK"),
        doc_type=str(row.get("doc_type") or "invoice"),
        period_start=day(row.get("period_start")),
        period_end=day(row.get("period_end")),
        due_date=day(row.get("due_date")),
        voucher=str(row.get("voucher") or ""),
        came_back=bool(row.get("came_back")),
        note=str(row.get("note") or ""),
        error=str(row.get("error") or ""),
        run_id=str(row.get("run_id") or ""),
        at=str(row.get("at") or ""),
        number=int(str(row.get("id") or 0)),
    )
