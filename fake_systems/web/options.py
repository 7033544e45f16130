"""The knobs an app factory takes; later options (fault injection) are added here as fields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AppOptions:
    """Behaviour of one stand-in app that is not its data.

    idle_timeout_s: a session unused this long is expired (the robot must log in again).
    session_ttl_s: an absolute session lifetime, None for none.
    secure_cookies: set the Secure flag (only when served over https).
    """

    idle_timeout_s: int = 1800
    session_ttl_s: int | None = None
    secure_cookies: bool = False
