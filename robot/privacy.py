"""CPR masking: every text that leaves the two systems passes through `mask_cpr`."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from datetime import date
from pathlib import Path

from robot.domain.cpr_extraction import replace_cpr_shapes

_key: bytes = secrets.token_bytes(32)
_TAG_LETTERS = "bcdfghjkmnpqrstvwxz"  # no vowels: a tag never spells a word


def set_key(key: bytes) -> None:
    """Use an installation's own key, so the same citizen gets the same tag in every run."""
    global _key
    _key = key


def load_or_create_key(folder: Path) -> bytes:
    """Read the installation's masking key from `folder`, creating it (owner-only) on first use."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "log-key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def cpr_tag(cpr: str) -> str:
    """A short keyed hash that correlates lines about one citizen without revealing who.

    Letters only, so a tag next to other digits can never itself look like a CPR number."""
    digits = re.sub(r"[^0-9]", "", cpr)
    raw = hmac.new(_key, digits.encode(), hashlib.sha256).digest()
    return "cpr#" + "".join(_TAG_LETTERS[b % len(_TAG_LETTERS)] for b in raw[:6])


def looks_like_birth_date(ddmmyy: str) -> bool:
    day, month, year = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:6])
    for century in (1900, 2000):  # a leap day is real in one of them at least
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def _mask(digits: str, written: str) -> str:
    return cpr_tag(digits) if looks_like_birth_date(digits[:6]) else written


def mask_cpr(text: str) -> str:
    """The text with every CPR-shaped number (DDMMYY or DD.MM.YY, an optional dash or space,
    SSSS; more shapes than the robot reads) replaced by its tag when DDMMYY is a real date in
    some century, whatever the check digit; other ten-digit runs, such as the middle of a PSP
    element, stay readable."""
    return replace_cpr_shapes(text, _mask)


def escape_controls(text: str) -> str:
    """Control, format (direction overrides such as U+202E, zero-width) and line- or
    paragraph-separator characters written as ``\\u202e``: text from an invoice can then
    neither forge a log line nor turn one around on an operator's screen. Tabs and newlines
    stay (a traceback keeps its lines)."""
    if text.isascii() and (text.isprintable() or not _ascii_controls(text)):
        return text
    return "".join(_escaped(ch) for ch in text)


def _ascii_controls(text: str) -> bool:
    return any(ch not in "\t\n" and (ord(ch) < 32 or ord(ch) == 127) for ch in text)


def _escaped(ch: str) -> str:
    if ch in "\t\n":
        return ch
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs"):
        return f"\\u{ord(ch):04x}"
    return ch


def safe_text(text: str) -> str:
    """What may leave the systems in a log line or on the console: CPR numbers masked, control
    and direction characters escaped."""
    return escape_controls(mask_cpr(text))


def keyed_digest(text: str) -> str:
    """A keyed hash of a text that may hold personal data (an invoice number shaped like a
    CPR), for the journal's claims: equal texts give equal digests, and none can be reversed."""
    return hmac.new(_key, text.encode(), hashlib.sha256).hexdigest()[:32]
