"""CPR masking: every text that leaves the two systems passes through `mask_cpr`."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

# Anything CPR-shaped (DDMMYY, optional dash or space, SSSS) that is not part of a longer number.
# Deliberately wider than a valid CPR: masking a lookalike costs nothing, leaking one costs a lot.
CPR_SHAPED = re.compile(r"(?<![0-9])([0-9]{6})[-  ]?([0-9]{4})(?![0-9])")

_key: bytes = secrets.token_bytes(32)


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
    """A short keyed hash that correlates lines about one citizen without revealing who."""
    digits = re.sub(r"[^0-9]", "", cpr)
    return "cpr#" + hmac.new(_key, digits.encode(), hashlib.sha256).hexdigest()[:6]


def mask_cpr(text: str) -> str:
    return CPR_SHAPED.sub(lambda m: cpr_tag(m.group(1) + m.group(2)), text)
