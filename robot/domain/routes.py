"""The ways of paying, by name (each way's rules are its entry in robot/domain/ways/)."""

from __future__ import annotations

from enum import StrEnum


class Route(StrEnum):
    """Which rules decide an invoice."""

    GRANT = "grant"  # matched to a citizen's grant by elimination
    PLAN = "plan"  # a payment plan: supplier and receiver, no citizen
    CERTIFICATE = "certificate"  # a doctor's certificate, matched to the caseworker's order
    RENT = "rent"  # a benefit recipient's rent, deducted from their payout

    @property
    def danish(self) -> str:
        return _DANISH[self]


_DANISH = {
    Route.GRANT: "bevilling",
    Route.PLAN: "betalingsplan",
    Route.CERTIFICATE: "lægeerklæring",
    Route.RENT: "husleje",
}
