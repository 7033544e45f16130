"""SQL for users, sessions and login throttling (the same tables in both stand-ins)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from fake_systems.web.security import new_token, token_hash
from fake_systems.web.tx import immediate

# Writing last_seen on every page view would make every read a write; a coarser stamp suffices.
_TOUCH_AFTER_S = 15.0
# Login throttling: growing delays per bucket instead of a lock (see reserve_login_attempt).
PAIR_FREE_FAILURES = 5
USER_FREE_FAILURES = 20
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 60.0
FORGET_AFTER_S = 900.0  # a bucket left alone this long starts afresh
# A client that logged in as a user is trusted for that user this long: failures from other
# addresses (the user-wide bucket) never hold it back, so nobody can lock the robot out.
TRUST_FOR_S = 30 * 86400.0
_TRUSTED = "ok:"
_MAX_KEY = 200


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str


@dataclass(frozen=True)
class Session:
    token_hash: str
    user: User
    csrf_token: str


def find_user(conn: sqlite3.Connection, *, username: str) -> tuple[User, str] | None:
    """The user and their password hash, or None."""
    row = conn.execute(
        "SELECT id, username, role, password_hash FROM users WHERE username = ?", (username,)
    ).fetchone()
    if row is None:
        return None
    return User(row["id"], row["username"], row["role"]), row["password_hash"]


def create_session(conn: sqlite3.Connection, *, user_id: int, now: float) -> str:
    """A new session for the user; returns the token for the cookie."""
    token = new_token()
    conn.execute(
        "INSERT INTO sessions (token, user_id, csrf_token, created_at, last_seen)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash(token), user_id, new_token(), now, now),
    )
    return token


def load_session(
    conn: sqlite3.Connection,
    *,
    token: str,
    now: float,
    idle_timeout_s: int,
    ttl_s: int | None,
) -> Session | None:
    """The live session for a cookie token; an expired one is deleted and None returned."""
    hashed = token_hash(token)
    row = conn.execute(
        "SELECT s.csrf_token, s.created_at, s.last_seen, u.id, u.username, u.role"
        " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = ?",
        (hashed,),
    ).fetchone()
    if row is None:
        return None
    idle = now - row["last_seen"] > idle_timeout_s
    too_old = ttl_s is not None and now - row["created_at"] > ttl_s
    if idle or too_old:
        conn.execute("DELETE FROM sessions WHERE token = ?", (hashed,))
        return None
    if now - row["last_seen"] > _TOUCH_AFTER_S:
        conn.execute("UPDATE sessions SET last_seen = ? WHERE token = ?", (now, hashed))
    user = User(row["id"], row["username"], row["role"])
    return Session(hashed, user, row["csrf_token"])


def purge_sessions(conn: sqlite3.Connection, *, idle_since: float) -> None:
    """Forget sessions nobody has used since `idle_since` (they would be refused anyway)."""
    conn.execute("DELETE FROM sessions WHERE last_seen < ?", (idle_since,))


def delete_session(conn: sqlite3.Connection, *, token_hash_: str) -> None:
    conn.execute("DELETE FROM sessions WHERE token = ?", (token_hash_,))


def _delay_s(failures: int, free: int) -> float:
    """No delay for the first `free` failures; then 2, 4, 8 ... seconds, at most MAX_DELAY_S."""
    if failures < free:
        return 0.0
    doublings: int = min(failures - free, 16)
    return min(MAX_DELAY_S, FIRST_DELAY_S * 2.0**doublings)


def login_buckets(
    *, client: str, username: str, trusted: bool = False
) -> tuple[tuple[str, int], ...]:
    """The buckets an attempt counts in, each with its free failures: the (client, username)
    pair, which holds back one guesser without touching the owner elsewhere, and the username
    across all clients, with a higher threshold, against guessing spread over many addresses.
    A client trusted for the user (it logged in as them lately) counts in its pair only: others'
    failures never delay it."""
    name = username[:_MAX_KEY]
    pair = (f"pair:{client[:_MAX_KEY]}\n{name}", PAIR_FREE_FAILURES)
    if trusted:
        return (pair,)
    return (pair, (f"user:{name}", USER_FREE_FAILURES))


def _trust_bucket(*, client: str, username: str) -> str:
    return f"{_TRUSTED}{client[:_MAX_KEY]}\n{username[:_MAX_KEY]}"


def _is_trusted(conn: sqlite3.Connection, *, client: str, username: str, now: float) -> bool:
    row = conn.execute(
        "SELECT 1 FROM login_throttle WHERE bucket = ? AND last_at >= ?",
        (_trust_bucket(client=client, username=username), now - TRUST_FOR_S),
    ).fetchone()
    return row is not None


def reserve_login_attempt(
    conn: sqlite3.Connection, *, client: str, username: str, now: float
) -> float:
    """Counts the attempt as a failure before its password is checked, in one BEGIN IMMEDIATE
    transaction, so that concurrent attempts see each other; a success clears the buckets after.

    Returns 0 when the password may be checked, else the seconds until the bucket in delay lets
    the next attempt be evaluated (nothing is counted then: an early attempt does not extend it).
    """
    with immediate(conn):
        conn.execute(
            "DELETE FROM login_throttle WHERE last_at < ? AND (bucket NOT LIKE 'ok:%'"
            " OR last_at < ?)",
            (now - FORGET_AFTER_S, now - TRUST_FOR_S),
        )
        trusted = _is_trusted(conn, client=client, username=username, now=now)
        buckets = login_buckets(client=client, username=username, trusted=trusted)
        rows = {
            row["bucket"]: row
            for row in conn.execute(
                "SELECT bucket, failures, next_allowed FROM login_throttle WHERE bucket IN (?, ?)",
                (buckets[0][0], buckets[-1][0]),
            )
        }
        wait = max((row["next_allowed"] - now for row in rows.values()), default=0.0)
        if wait > 0:
            return float(wait)
        for bucket, free in buckets:
            failures = (rows[bucket]["failures"] if bucket in rows else 0) + 1
            conn.execute(
                "INSERT INTO login_throttle (bucket, failures, next_allowed, last_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (bucket) DO UPDATE SET"
                " failures = excluded.failures, next_allowed = excluded.next_allowed,"
                " last_at = excluded.last_at",
                (bucket, failures, now + _delay_s(failures, free), now),
            )
    return 0.0


def clear_login_buckets(
    conn: sqlite3.Connection, *, client: str, username: str, now: float
) -> None:
    """A successful login forgets the failures counted against it, and trusts the client for
    the user from now on."""
    buckets = [bucket for bucket, _ in login_buckets(client=client, username=username)]
    conn.execute("DELETE FROM login_throttle WHERE bucket IN (?, ?)", buckets)
    conn.execute(
        "INSERT INTO login_throttle (bucket, failures, next_allowed, last_at) VALUES (?, 0, 0, ?)"
        " ON CONFLICT (bucket) DO UPDATE SET last_at = excluded.last_at",
        (_trust_bucket(client=client, username=username), now),
    )
