"""What the cases hold on to while they build an invoice: who sends it, and the grants the world
gave them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from fake_systems.scenarios.catalogue import Service, psp_for
from fake_systems.scenarios.people import Provider

Period = tuple[date, date]
Rates = tuple[tuple[date, Decimal], ...]


class Party(Protocol):
    """Who sends an invoice: a social provider, a plan's supplier or a doctor's clinic."""

    @property
    def name(self) -> str: ...
    @property
    def cvr(self) -> str: ...
    @property
    def gln(self) -> str: ...
    @property
    def number_prefix(self) -> str: ...


@dataclass(frozen=True)
class GrantRef:
    """A grant the world holds, with what a case needs to invoice it."""

    grant_id: str
    cpr: str
    provider: Provider
    service: Service
    rate: Decimal | None
    hours: int | None
    key: tuple[str, str, str, str]  # paragraph, art, ownership, target group
    changes: Rates = ()  # the rate changes the case system holds: (first day, rate)

    def psp(self, on: date) -> str:
        return psp_for(self.key[0], self.key[2], self.key[3], on)
