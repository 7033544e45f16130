"""A grant's rates over time (takster): its own rate from valid_from, then each rate change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fake_systems.web.formatting import da_amount


@dataclass(frozen=True)
class RateStep:
    """`rate` is in force from `starts` (inclusive) until the next step."""

    starts: date
    rate: Decimal


@dataclass(frozen=True)
class Rates:
    steps: tuple[RateStep, ...]

    @property
    def json(self) -> str:
        """What the robot reads: `[{"from": "2026-01-01", "rate": "1040.00"}, ...]`."""
        return json.dumps(
            [{"from": s.starts.isoformat(), "rate": f"{s.rate:.2f}"} for s in self.steps]
        )

    @property
    def text(self) -> str:
        """What people read: `1.040,00 fra 01.01.2026; 1.100,00 fra 15.10.2026`."""
        return "; ".join(f"{da_amount(s.rate)} fra {s.starts:%d.%m.%Y}" for s in self.steps)


def grant_rates(*, valid_from: str, rate: str | None, changes: Iterable[tuple[str, str]]) -> Rates:
    """The base rate from valid_from first (none for a grant without a fixed rate), then each
    (from, rate) change in date order."""
    base = [RateStep(date.fromisoformat(valid_from), Decimal(rate))] if rate is not None else []
    later = sorted(
        (RateStep(date.fromisoformat(day), Decimal(value)) for day, value in changes),
        key=lambda step: step.starts,
    )
    return Rates(tuple(base + later))
