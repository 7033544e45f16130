"""Why a supplier and receiver were not proposed as a payment plan: the reasons in the order
they are checked, each with its Danish heading and detail for the admins' workbook and its
English words for the console."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from robot.domain.cpr_extraction import mask_cprs
from robot.domain.formatting import format_date
from robot.domain.plans import Cadence


class Reason(StrEnum):
    """The first rule of DOMAIN.md "Plan proposals" a pair fails (the names expected.json's
    ``plan_decoys`` use)."""

    MODTAGERE_EAN = "modtagere_ean"
    COVERED_BY_PLAN = "covered_by_plan"
    CPR = "cpr"
    TOO_FEW = "too_few"
    IRREGULAR = "irregular"
    PERIODS_MISSING = "periods_missing"
    STOPPED = "stopped"
    SPLIT_PSP = "split_psp"
    CLOSED_PSP = "closed_psp"

    @property
    def danish(self) -> str:
        return _DANISH[self]

    @property
    def english(self) -> str:
        return _ENGLISH[self]


_DANISH = {
    Reason.MODTAGERE_EAN: "EAN'et står i arket Modtagere",
    Reason.COVERED_BY_PLAN: "Dækket af en række i Betalingsplaner",
    Reason.CPR: "CPR-nummer på fakturaerne",
    Reason.TOO_FEW: "For få fakturaer",
    Reason.IRREGULAR: "Uregelmæssig",
    Reason.PERIODS_MISSING: "Mere end én periode mangler",
    Reason.STOPPED: "Stoppet",
    Reason.SPLIT_PSP: "Fordelt på flere PSP-elementer",
    Reason.CLOSED_PSP: "PSP-elementet er lukket",
}
_ENGLISH = {
    Reason.MODTAGERE_EAN: "a Modtagere EAN",
    Reason.COVERED_BY_PLAN: "covered by a plan row",
    Reason.CPR: "CPR on the invoices",
    Reason.TOO_FEW: "too few invoices",
    Reason.IRREGULAR: "irregular",
    Reason.PERIODS_MISSING: "more than one period missing",
    Reason.STOPPED: "stopped",
    Reason.SPLIT_PSP: "split over PSP elements",
    Reason.CLOSED_PSP: "PSP element closed",
}


# The detail beside each reason in the workbook, in Danish for the admin.


def shown(text: str) -> str:
    """A text from an invoice as it may be shown: one line, CPR-shaped numbers masked."""
    return mask_cprs(" ".join(text.split()))


def receiver(kind: str) -> str:
    return f"Modtageren står i arket Modtagere som {kind}; den betales ikke efter betalingsplan"


def covered(sheet_row: int) -> str:
    return f"Række {sheet_row} i Betalingsplaner gælder allerede for leverandøren og modtageren"


def cpr(with_cpr: int, invoices: int) -> str:
    return (
        f"{with_cpr} af {invoices} fakturaer nævner et CPR-nummer: regninger for en borger "
        "betales efter bevilling, ikke efter betalingsplan"
    )


def too_few(invoices: int, needed: int) -> str:
    return f"{invoices} faktura(er) i perioden; der skal mindst {needed} til"


def irregular() -> str:
    return (
        "Afstanden mellem fakturaerne passer ikke med en måned, et kvartal, et halvår eller et "
        "år (± 5 dage)"
    )


def missing(cadence: Cadence, periods: int) -> str:
    return f"Kadence {cadence.value}, men {periods} perioder uden faktura; højst 1 må mangle"


def stopped(cadence: Cadence, last: date) -> str:
    return (
        f"Kadence {cadence.value}, men den seneste faktura er for {format_date(last)}: mere "
        "end to perioder siden"
    )


def split(psp: str, share: Decimal, needed: Decimal) -> str:
    if not psp:
        return "Fakturaerne har ingen posteringslinjer"
    return (
        f"{_percent(share)} af linjerne er bogført på {psp}; der skal mindst {_percent(needed)} "
        "på ét PSP-element til"
    )


def closed(psp: str) -> str:
    return f"Linjerne er bogført på {psp}, som ikke er åbent i ERP'et"


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))} %"
