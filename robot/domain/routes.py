"""The ways of paying, by name (each way's rules are its entry in robot/domain/ways/)."""

from __future__ import annotations

from enum import StrEnum


class Route(StrEnum):
    """Which rules decide an invoice."""

    GRANT = "grant"  # matched to a citizen's grant by elimination
    PLAN = "plan"  # a payment plan: supplier and receiver, no citizen
    CERTIFICATE = "certificate"  # a doctor's certificate, matched to the caseworker's order
    RENT = "rent"  # a benefit recipient's rent, deducted from their payout
    LEARNED = "learned"  # no rule: posted as people posted this supplier to this receiver

    @property
    def danish(self) -> str:
        """The way's name in a Danish sentence: ``bevilling``."""
        return _DANISH[self]

    @property
    def heading(self) -> str:
        """The way's name as a Danish heading: ``Bevilling``."""
        return _DANISH[self].capitalize()

    @property
    def english(self) -> str:
        """The way's name in the console's English: ``payment plan``."""
        return _ENGLISH[self]


_DANISH = {
    Route.GRANT: "bevilling",
    Route.PLAN: "betalingsplan",
    Route.CERTIFICATE: "lægeerklæring",
    Route.RENT: "husleje",
    Route.LEARNED: "lært kontering",
}
_ENGLISH = {
    Route.GRANT: "grant",
    Route.PLAN: "payment plan",
    Route.CERTIFICATE: "certificate",
    Route.RENT: "rent",
    Route.LEARNED: "learned posting",
}
