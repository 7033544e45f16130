"""What institutions buy without a plan or a citizen (office supplies, food, taxis, repairs,
courses), billed now and then, and the PSP elements people post it to: the bulk of the ERP's
history that is neither a grant nor a plan (contract section 12)."""

from __future__ import annotations

from dataclasses import dataclass

from fake_systems.scenarios.people import PLACES


@dataclass(frozen=True)
class SupplyKind:
    """A kind of goods or service an institution buys, with the usual amount per invoice (whole
    kroner) and what its lines say (no CPR, no month, no long run of digits)."""

    item: str
    company: str
    low: int
    high: int
    texts: tuple[str, ...]

    def psp(self, receiver: int, year: int) -> str:
        """One PSP element per kind and receiving institution (the institution's running costs)."""
        return f"XG-5388{SUPPLY_KINDS.index(self) + 1}{receiver:05d}-{year % 100:05d}"

    def psp_name(self, receiver: int) -> str:
        return f"{self.item} {PLACES[(receiver - 1) % len(PLACES)]}"


SUPPLY_KINDS = (
    SupplyKind(
        "Kontorartikler", "Kontorforsyning", 150, 3_000,
        ("Kopipapir A4", "Toner sort", "Kuglepenne", "Ringbind"),
    ),
    SupplyKind(
        "Fødevarer", "Grossisten", 400, 4_500,
        ("Dagligvarer", "Frugt og grønt", "Mejerivarer", "Brød"),
    ),
    SupplyKind(
        "Taxakørsel", "Taxa", 120, 1_800,
        ("Kørsel til lægen", "Kørsel til aktivitet", "Ventetid"),
    ),
    SupplyKind(
        "Håndværker", "VVS og El", 600, 4_800,
        ("Reparation af vandhane", "Udskiftning af stikkontakt", "Timeløn", "Materialer"),
    ),
    SupplyKind("Kursus", "Kursuscenter", 900, 4_900, ("Kursusgebyr", "Forplejning")),
    SupplyKind(
        "Rengøringsartikler", "Hygiejnegrossisten", 200, 2_500,
        ("Håndsprit", "Engangshandsker", "Rengøringsmiddel"),
    ),
)  # fmt: skip
