"""ROBOT_JOURNAL_URL read once, by libpq's own rules, into where the journal is: a form to show
people that never holds the password, and a refusal of a malformed URL that never quotes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from psycopg.conninfo import conninfo_to_dict

# A host is a name, an address or a socket folder; anything else (an '@' or a space in it)
# means the URL was split in the wrong place, usually inside an unescaped password.
_HOST = re.compile(r"[A-Za-z0-9._:\-\[\]/%]+")
_NAME = re.compile(r"[^\s@/?#]+")
HOW_TO_WRITE = (
    "write it as postgresql://user:password@host:port/database, with characters such as "
    "@ / # ? % and spaces in the password percent-encoded (@ as %40, / as %2F, space as %20)"
)


class BadJournalUrl(ValueError):
    """The URL cannot be used; the message quotes nothing of it."""


@dataclass(frozen=True, slots=True)
class JournalTarget:
    """Where the shared journal is, read from its URL."""

    url: str = field(repr=False)
    user: str
    host: str
    port: int | None
    dbname: str
    password: str = field(default="", repr=False)

    @property
    def shown(self) -> str:
        """``postgresql://robot@db.example:5432/journal``: for messages and logs."""
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{user}{self.host}{port}/{self.dbname}"

    def scrub(self, text: str) -> str:
        """A message from the database driver with the URL and the password taken out."""
        for secret in sorted({self.url, self.password, quote(self.password)} - {""}, key=len)[::-1]:
            text = text.replace(secret, "***")
        return text


def journal_target(url: str) -> JournalTarget:
    """The URL's parts by libpq's rules (a URL or ``key=value`` pairs); BadJournalUrl when it
    cannot be read or names no usable host, port or database."""
    try:
        parts = conninfo_to_dict(url)
    except Exception:  # libpq's message quotes the text it choked on: never pass it on
        raise BadJournalUrl(f"ROBOT_JOURNAL_URL cannot be read; {HOW_TO_WRITE}") from None
    host = str(parts.get("host") or "localhost")
    user = str(parts.get("user") or "")
    dbname = str(parts.get("dbname") or user)
    port = _port(str(parts.get("port") or ""))
    hosts_ok = all(_HOST.fullmatch(h) for h in host.split(","))
    if not hosts_ok or (user and not _NAME.fullmatch(user)) or not _NAME.fullmatch(dbname or "x"):
        raise BadJournalUrl(f"ROBOT_JOURNAL_URL names no usable host or database; {HOW_TO_WRITE}")
    return JournalTarget(
        url=url,
        user=user,
        host=host,
        port=port,
        dbname=dbname,
        password=str(parts.get("password") or ""),
    )


def _port(text: str) -> int | None:
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise BadJournalUrl(
            f"ROBOT_JOURNAL_URL has no valid port (a number from 1 to 65535); {HOW_TO_WRITE}"
        )
    return int(text)


def shown_url(url: str) -> str:
    """The URL as people may see it (no password); a placeholder when it cannot be read."""
    try:
        return journal_target(url).shown
    except BadJournalUrl:
        return "the shared journal (ROBOT_JOURNAL_URL, unreadable)"
