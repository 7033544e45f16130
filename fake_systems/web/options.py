"""The knobs an app factory takes that are not its data: sessions, cookies, fault injection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fake_systems.web.faults import Faults


@dataclass(frozen=True)
class AppOptions:
    """Behaviour of one stand-in app that is not its data.

    idle_timeout_s: a session unused this long is expired (the robot must log in again).
    session_ttl_s: an absolute session lifetime, however active, None for none.
    secure_cookies: set the Secure flag (only when served over https).
    faults: injected failures for reliability tests; none by default.
    screen_overrides: a folder of templates that replace the app's own of the same name, to
        rehearse a changed screen (as a new release of the real system would bring).
    """

    idle_timeout_s: int = 1800
    session_ttl_s: int | None = None
    secure_cookies: bool = False
    faults: Faults = field(default_factory=Faults)
    screen_overrides: Path | None = None
