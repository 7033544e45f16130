"""The shared journal never waits on a stranger (the second attack's finding 8): a host frozen
inside a journal transaction holds nobody's start (a current schema is only read, no DDL, no
lock), and the server ends its session once it has been idle in the transaction for
`idle_in_transaction_session_timeout`, so the others' waits end in seconds, not when TCP
keepalive notices (hours)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from robot.journal.model import Claim, PlanKind, WritePlan
from robot.journal.postgres import CONNECTION_LIMITS, MIGRATION_LOCK, PostgresJournal

FROZEN_FOR_S = 4  # the frozen host's session: ended by the server after this long idle


@pytest.fixture
def frozen(postgres_url: str) -> Iterator[psycopg.Connection[Any]]:
    """Another robot host's connection, with the robot's own session limits (a shorter idle
    limit, to keep the test short), frozen inside a transaction that holds a claim's key."""
    PostgresJournal(postgres_url).close()  # the schema exists, as on any running site
    limits = dict(CONNECTION_LIMITS)
    limits["options"] = str(limits["options"]).replace(
        "idle_in_transaction_session_timeout=20s",
        f"idle_in_transaction_session_timeout={FROZEN_FOR_S}s",
    )
    conn = psycopg.connect(postgres_url, **limits)
    conn.execute(
        "INSERT INTO claims (resource, unit, erp_id, invoice_key, claimed_at)"
        " VALUES ('grant:B-1043', '2026-10-01', 'ERP-FROZEN', 'x', 'now')"
    )  # inside a transaction (psycopg's default), never committed: the host froze here
    yield conn
    conn.close()


def _in_thread(action: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    result: list[object] = []

    def run() -> None:
        try:
            result.append(action())
        except Exception as error:  # the test looks at what happened
            result.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def test_a_host_frozen_inside_a_transaction_does_not_hold_up_another_hosts_start(
    postgres_url: str, frozen: psycopg.Connection[Any]
) -> None:
    thread, result = _in_thread(lambda: PostgresJournal(postgres_url).close())
    thread.join(timeout=FROZEN_FOR_S - 1)  # done while the stranger is still frozen
    assert not thread.is_alive(), "the start waited for the frozen host's transaction"
    assert result == [None]


def test_a_claim_the_frozen_host_was_taking_is_free_once_the_server_ends_its_session(
    postgres_url: str, frozen: psycopg.Connection[Any]
) -> None:
    journal = PostgresJournal(postgres_url)
    try:
        journal.enqueue(["ERP-000001"], read_at=journal.now())
        lease = journal.take(owner="b", lease_s=60, skip=())
        assert lease is not None
        plan = WritePlan(kind=PlanKind.PAY)
        thread, result = _in_thread(
            lambda: journal.claim(
                lease,
                invoice_key="12345674/INV-1",
                claims=[Claim("grant:B-1043", "2026-10-01")],
                plan=plan,
                run_id="r",
            )
        )
        thread.join(timeout=60)
        assert not thread.is_alive()
        assert result == [[]], "the claim is held by this invoice, not by the frozen host"
    finally:
        journal.close()
    with pytest.raises(psycopg.Error):  # the server ended the frozen session
        frozen.execute("SELECT 1")


def test_hosts_starting_at_once_on_an_empty_journal_create_its_schema_once(
    postgres_url: str,
) -> None:
    """Each host reads the version, finds none, and waits for the migration lock; the ones
    that get it after the first must see the schema the first one made, not make it again
    (the shared-journal e2e test once failed with `relation "schema_version" already exists`)."""
    holder = psycopg.connect(postgres_url)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
    starts = [_in_thread(lambda: PostgresJournal(postgres_url).close()) for _ in range(3)]
    time.sleep(1.5)  # every host has read an empty journal and waits for the lock
    holder.rollback()
    holder.close()
    for thread, result in starts:
        thread.join(timeout=30)
        assert result == [None]
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone() == (1,)
