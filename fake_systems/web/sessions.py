"""SQL for users, sessions and failed logins (the same tables in both stand-ins)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from fake_systems.web.security import new_token, token_hash

# Writing last_seen on every page view would make every read a write; a coarser stamp suffices.
_TOUCH_AFTER_S = 15.0
THROTTLE_FAILURES = 5
THROTTLE_WINDOW_S = 300.0


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


def is_throttled(conn: sqlite3.Connection, *, username: str, now: float) -> bool:
    """Five failed logins for a username within five minutes lock it until they age out."""
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?",
        (username, now - THROTTLE_WINDOW_S),
    ).fetchone()
    return int(count) >= THROTTLE_FAILURES


def record_failure(conn: sqlite3.Connection, *, username: str, now: float) -> None:
    conn.execute("INSERT INTO login_failures (username, at) VALUES (?, ?)", (username, now))
    conn.execute("DELETE FROM login_failures WHERE at < ?", (now - 2 * THROTTLE_WINDOW_S,))


def clear_failures(conn: sqlite3.Connection, *, username: str) -> None:
    conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))
