"""A run's time box: no new invoice is taken after `--until HH:MM` (Danish time). The rest is
left untouched for the next run, which takes the inbox in due-date order again."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

from robot.config import DANISH_TIME, Settings


@dataclass(frozen=True)
class TimeBox:
    until: float | None = None  # seconds since the epoch; None: no limit

    @classmethod
    def of(cls, settings: Settings) -> TimeBox:
        if settings.until is None:
            return cls()
        return cls(until=next_occurrence(settings.until).timestamp())

    def closed(self) -> bool:
        """True once no new invoice may be taken."""
        return self.until is not None and time.time() >= self.until


def next_occurrence(at: clock_time, *, now: datetime | None = None) -> datetime:
    """The next time the Danish clock shows `at` (today's, or tomorrow's once it has passed)."""
    local = (now or datetime.now(UTC)).astimezone(DANISH_TIME)
    candidate = datetime.combine(local.date(), at, tzinfo=DANISH_TIME)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=DANISH_TIME)
    return candidate
