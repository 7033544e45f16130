"""Builders for test data: a valid default for everything, overridden by what a test is about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from robot.domain.benefits import BenefitsCitizen, Payout, RentAgreement
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.models import CitizenRecord, Grant, Invoice, InvoiceLine, Payment
from robot.domain.psp import MappingRow, MappingTable

TODAY = date(2026, 11, 23)
CPR = "0101901234"  # 01.01.1990; fails modulus 11 on purpose: not required
CPR_2 = "2304851118"
SUPPLIER_CVR = "12345674"
OTHER_CVR = "98106871"
PSP = "XG-5385010001-00007"
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def make_grant(**overrides: Any) -> Grant:
    """B-1043: §107 at 1.040,00 kr. a day from 01.01.2026, for CPR at SUPPLIER_CVR."""
    fields: dict[str, Any] = {
        "grant_id": "B-1043",
        "cpr": CPR,
        "provider_cvr": SUPPLIER_CVR,
        "paragraph": "107",
        "service": "Midlertidigt botilbud",
        "art": "4.0",
        "ownership": "Privat",
        "target_group": "Udviklingshæmmede",
        "rate": Decimal("1040.00"),
        "rate_unit": "day",
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "status": "active",
        "hours_per_month": None,
    }
    fields.update(overrides)
    return Grant(**fields)


def make_line(**overrides: Any) -> InvoiceLine:
    """Line 1: October for CPR, 32.240,00 kr. (31 days at 1.040,00)."""
    fields: dict[str, Any] = {
        "number": 1,
        "amount": Decimal("32240.00"),
        "note": "Ophold oktober 2026, CPR 010190-1234",
        "item_name": "Midlertidigt botilbud",
        "item_description": "Døgnophold, takst 1.040,00 kr.",
    }
    fields.update(overrides)
    return InvoiceLine(**fields)


def make_invoice(*lines: InvoiceLine, **overrides: Any) -> Invoice:
    """INV-1017 from SUPPLIER_CVR for October; total is the sum of the lines unless given."""
    chosen = lines or (make_line(),)
    fields: dict[str, Any] = {
        "erp_id": "ERP-000001",
        "supplier_cvr": SUPPLIER_CVR,
        "supplier_name": "Bostedet Lindely ApS",
        "invoice_number": "INV-1017",
        "doc_type": "invoice",
        "currency": "DKK",
        "total": sum((line.amount for line in chosen), Decimal(0)),
        "issue_date": date(2026, 11, 2),
        "period_start": OCTOBER[0],
        "period_end": OCTOBER[1],
        "buyer_reference": "HAP-visitation",
        "lines": chosen,
    }
    fields.update(overrides)
    return Invoice(**fields)


def make_row(**overrides: Any) -> MappingRow:
    fields: dict[str, Any] = {
        "paragraph": "107",
        "art": "4.0",
        "ownership": "Privat",
        "target_group": "Udviklingshæmmede",
        "psp": PSP,
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    fields.update(overrides)
    return MappingRow(**fields)


def make_mapping(*rows: MappingRow, rejected: Iterable[Any] = ()) -> MappingTable:
    return MappingTable(rows or (make_row(),), rejected=rejected)


def make_payment(**overrides: Any) -> Payment:
    fields: dict[str, Any] = {
        "grant_id": "B-1043",
        "period_start": date(2026, 9, 1),
        "period_end": date(2026, 9, 30),
        "amount": Decimal("31200.00"),
        "invoice_ref": f"{SUPPLIER_CVR}/INV-0917",
    }
    fields.update(overrides)
    return Payment(**fields)


def make_settings(**overrides: Any) -> DecisionSettings:
    fields: dict[str, Any] = {"today": TODAY, "sample_rate": Decimal(0), "sample_seed": 1}
    fields.update(overrides)
    return DecisionSettings(**fields)


def run_decide(
    invoice: Invoice | None = None,
    *,
    grants: Sequence[Grant] | None = None,
    citizens: Mapping[str, Sequence[Grant] | None] | None = None,
    payments: Mapping[str, Sequence[Payment]] | None = None,
    already_posted: bool = False,
    mapping: MappingTable | None = None,
    **settings: Any,
) -> Decision:
    """The router on a grant invoice with the defaults: CPR has make_grant(), the mapping has
    make_row(); `citizens` maps each CPR to its grants (None: not in the case system) and
    `payments` each grant id to its registered payments."""
    if citizens is None:
        citizens = {CPR: [make_grant()] if grants is None else list(grants)}
    paid = payments or {}
    records: dict[str, Any] = {}
    for cpr, found in citizens.items():
        if found is None:
            records[cpr] = None
            continue
        ids = {g.grant_id for g in found}
        registered = tuple(p for gid in ids for p in paid.get(gid, ()))
        records[cpr] = CitizenRecord(grants=tuple(found), payments=registered)
    return run_route(
        invoice or make_invoice(),
        book=make_book(mapping=mapping or make_mapping()),
        already_posted=already_posted,
        citizens=records,
        **settings,
    )


RECEIVER_EAN = "5798000012349"
CERTIFICATE_EAN = "5798000099999"
PLAN_PSP = "XG-5385010001-00099"
CERTIFICATE_PSP = "XG-5385099001-00001"


def make_plan_row(**overrides: Any) -> Any:
    """Rent from SUPPLIER_CVR to RECEIVER_EAN, 9.000–11.000 kr. a month, from 01.01.2026."""
    from robot.domain.plans import Cadence, PlanRow

    fields: dict[str, Any] = {
        "supplier_cvr": SUPPLIER_CVR,
        "receiver_ean": RECEIVER_EAN,
        "amount_from": Decimal("9000.00"),
        "amount_to": Decimal("11000.00"),
        "cadence": Cadence.MONTH,
        "psp": PLAN_PSP,
        "line_text": "Husleje Kastanjehaven",
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    fields.update(overrides)
    return PlanRow(**fields)


def make_certificate_row(**overrides: Any) -> Any:
    """LÆ 265 at 1.000–2.500 kr. from 01.01.2026."""
    from robot.domain.certificates import CertificateRow

    fields: dict[str, Any] = {
        "certificate_type": "LÆ 265",
        "amount_from": Decimal("1000.00"),
        "amount_to": Decimal("2500.00"),
        "psp": CERTIFICATE_PSP,
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    fields.update(overrides)
    return CertificateRow(**fields)


def make_book(
    *,
    mapping: MappingTable | None = None,
    plans: Sequence[Any] = (),
    certificates: Sequence[Any] = (),
    certificate_eans: Sequence[str] = (),
    rent_eans: Sequence[str] = (),
    landlords: Sequence[Any] = (),
) -> Any:
    from robot.domain.certificates import CertificateTable, ReceiverKind, ReceiverRow
    from robot.domain.landlords import LandlordTable
    from robot.domain.mapping_book import MappingBook
    from robot.domain.plans import PlanTable

    kinds = [(ean, ReceiverKind.CERTIFICATE) for ean in certificate_eans]
    kinds += [(ean, ReceiverKind.RENT) for ean in rent_eans]
    receivers = [
        ReceiverRow(ean=ean, kind=kind, sheet_row=n) for n, (ean, kind) in enumerate(kinds, start=2)
    ]
    return MappingBook(
        mapping or make_mapping(),
        PlanTable(plans),
        CertificateTable(receivers, certificates),
        LandlordTable(landlords),
    )


def make_order(**overrides: Any) -> Any:
    from robot.domain.models import Order

    fields: dict[str, Any] = {
        "order_id": "O-2041",
        "cpr": CPR,
        "doctor_cvr": SUPPLIER_CVR,
        "certificate_type": "LÆ 265",
        "ordered_on": date(2026, 10, 2),
        "status": "open",
    }
    fields.update(overrides)
    return Order(**fields)


def make_plan_invoice(**overrides: Any) -> Invoice:
    """Rent for October, 10.000 kr., to RECEIVER_EAN, no CPR."""
    line = make_line(amount=Decimal("10000.00"), note="Husleje oktober", item_name="Husleje")
    fields: dict[str, Any] = {"receiver_ean": RECEIVER_EAN, "lines": (line,), "total": line.amount}
    fields.update(overrides)
    return make_invoice(**fields)


def make_certificate_invoice(**overrides: Any) -> Invoice:
    """A doctor's invoice for LÆ 265, 1.500 kr., issued 10.11.2026, CPR in the line."""
    line = make_line(amount=Decimal("1500.00"), note="Lægeerklæring LÆ 265, CPR 010190-1234")
    fields: dict[str, Any] = {
        "receiver_ean": CERTIFICATE_EAN,
        "lines": (line,),
        "total": line.amount,
        "period_start": None,
        "period_end": None,
        "issue_date": date(2026, 11, 10),
    }
    fields.update(overrides)
    return make_invoice(**fields)


def run_route(
    invoice: Invoice,
    *,
    book: Any = None,
    already_posted: bool = False,
    citizens: Mapping[str, Any] | None = None,
    posted: Sequence[Any] = (),
    benefits: Mapping[str, BenefitsCitizen | None] | None = None,
    **settings: Any,
) -> Decision:
    """The whole router: prepare the invoice, then decide it with the given facts."""
    from robot.domain.prepared import Facts
    from robot.domain.router import decide_invoice, prepare

    chosen = book or make_book()
    facts = Facts(
        already_posted=already_posted,
        citizens=citizens if citizens is not None else {CPR: CitizenRecord(grants=(make_grant(),))},
        posted=tuple(posted),
        benefits=benefits if benefits is not None else {},
    )
    made = make_settings(**settings)
    prepared = prepare(invoice, book=chosen, today=made.today)
    return decide_invoice(prepared, facts, book=chosen, settings=made)


RENT_EAN = "5798000077777"
LANDLORD_CVR = "29403473"
RENT_PSP = "XG-5385077001-00001"
DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


def make_landlord_row(**overrides: Any) -> Any:
    """Boligselskabet Fjordbo (LANDLORD_CVR), posted on RENT_PSP, from 01.01.2026, 10 %."""
    from robot.domain.landlords import LandlordRow

    fields: dict[str, Any] = {
        "landlord_cvr": LANDLORD_CVR,
        "landlord_name": "Boligselskabet Fjordbo",
        "psp": RENT_PSP,
        "deviation_pct": None,
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    fields.update(overrides)
    return LandlordRow(**fields)


def make_agreement(**overrides: Any) -> RentAgreement:
    """HA-3001: CPR's home at Fjordvej 3 from LANDLORD_CVR, 5.200,00 kr. a month from 2026."""
    fields: dict[str, Any] = {
        "agreement_id": "HA-3001",
        "cpr": CPR,
        "landlord_cvr": LANDLORD_CVR,
        "landlord_name": "Boligselskabet Fjordbo",
        "address": "Fjordvej 3, 2. th",
        "rent": Decimal("5200.00"),
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
    }
    fields.update(overrides)
    return RentAgreement(**fields)


def make_payout(**overrides: Any) -> Payout:
    """U-7001: CPR's kontanthjælp for December 2026, 12.450,00 kr., planned, nothing taken."""
    fields: dict[str, Any] = {
        "payout_id": "U-7001",
        "month": date(2026, 12, 1),
        "benefit": "kontanthjælp",
        "amount": Decimal("12450.00"),
        "deducted": Decimal("0"),
        "status": "planlagt",
    }
    fields.update(overrides)
    return Payout(**fields)


def make_rent_invoice(**overrides: Any) -> Invoice:
    """H-1201 from LANDLORD_CVR to RENT_EAN: December's rent, 5.200,00 kr., CPR in the line."""
    line = make_line(
        amount=Decimal("5200.00"),
        note="Husleje december 2026, lejer CPR 010190-1234",
        item_name="Husleje Fjordvej 3, 2. th",
        item_description="",
    )
    fields: dict[str, Any] = {
        "supplier_cvr": LANDLORD_CVR,
        "invoice_number": "H-1201",
        "receiver_ean": RENT_EAN,
        "lines": (line,),
        "total": line.amount,
        "period_start": DECEMBER[0],
        "period_end": DECEMBER[1],
        "issue_date": date(2026, 11, 20),
    }
    fields.update(overrides)
    return make_invoice(**fields)


def rent_book(**overrides: Any) -> Any:
    """A workbook with RENT_EAN as a husleje receiver and Fjordbo as approved landlord."""
    fields: dict[str, Any] = {"rent_eans": [RENT_EAN], "landlords": [make_landlord_row()]}
    fields.update(overrides)
    return make_book(**fields)


def run_rent(
    invoice: Invoice | None = None,
    *,
    citizen: BenefitsCitizen | None = None,
    book: Any = None,
    **settings: Any,
) -> Decision:
    """The router on a rent invoice: CPR has HA-3001 and a planned December payout."""
    found = (
        citizen
        if citizen is not None
        else BenefitsCitizen(agreements=(make_agreement(),), payouts=(make_payout(),))
    )
    return run_route(
        invoice or make_rent_invoice(),
        book=book or rent_book(),
        citizens={},
        benefits={CPR: found},
        **settings,
    )
