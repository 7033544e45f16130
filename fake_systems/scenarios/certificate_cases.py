"""Doctors' certificate cases (contract section 10, DOMAIN.md "Doctors' certificates"): a clinic
invoices a certificate a caseworker ordered, on an EAN kept for certificates; paid ones for
several types, and each way such an invoice goes to a person."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fake_systems.scenarios.catalogue import (
    CERTIFICATE_RECEIVERS,
    CERTIFICATE_TYPES,
    UNMAPPED_CERTIFICATE,
    CertificateType,
)
from fake_systems.scenarios.documents import DocumentSpec, LineSpec, dashed
from fake_systems.scenarios.expected import Expected
from fake_systems.scenarios.people import PLACES
from fake_systems.scenarios.plan_book import Company
from fake_systems.scenarios.world import World

Case = tuple[DocumentSpec, Expected]


def _doctor(world: World) -> Company:
    """A clinic from the bundle's doctors, a new one while there are few."""
    if len(world.doctors) < max(3, min(700, world.invoices // 150)) or world.rng.random() < 0.05:
        place = world.rng.choice(PLACES)
        name = world.rng.choice(
            (f"Lægerne {place}", f"Lægehuset {place} I/S", f"Læge {world.ids.name()}")
        )
        prefix = world.rng.choice(("", "F", "K-"))
        world.doctors.append(Company(name, world.ids.cvr(), world.ids.gln(), prefix))
        return world.doctors[-1]
    return world.rng.choice(world.doctors)


def _order(
    world: World, cpr: str, doctor: Company, kind: str, ordered_on: date, **extra: Any
) -> str:
    order_id = f"O-{len(world.orders) + 2001}"
    world.orders.append(
        {
            "order_id": order_id,
            "cpr": cpr,
            "doctor_cvr": doctor.cvr,
            "certificate_type": kind,
            "ordered_on": ordered_on.isoformat(),
            "status": "open",
            **extra,
        }
    )
    return order_id


def _fee(world: World, kind: CertificateType) -> Decimal:
    return Decimal(world.rng.randrange(kind.fee_low, kind.fee_high + 1, 5)).quantize(
        Decimal("0.01")
    )


def _invoice(
    world: World,
    doctor: Company,
    patient: tuple[str, str],
    kind: str,
    amounts: list[Decimal],
    *,
    issued: date,
    cpr_in_line: bool = True,
    buyer_reference: str = "Jobcentret",
) -> DocumentSpec:
    """The clinic's invoice, no period: the issue date is the certificate's date."""
    cpr, name = patient
    note = world.rng.choice(
        (
            f"Lægeerklæring {kind} vedr. {name}, CPR {dashed(cpr)}",
            f"{kind} {name} cpr.nr. {cpr}",
            f"Erklæring {kind}, {name} ({dashed(cpr)})",
        )
    )
    items = ("Lægeerklæring", "Journaludskrift")
    lines = [
        LineSpec(
            amount=amount,
            note=(note if cpr_in_line else f"Lægeerklæring {kind} vedr. {name}") if n == 0 else "",
            item_name=f"{items[n]} {kind}",
            item_description="Honorar efter overenskomst",
        )
        for n, amount in enumerate(amounts)
    ]
    receiver = world.rng.choice(CERTIFICATE_RECEIVERS)[0]
    return world.document(
        doctor, lines, None, issued=issued, receiver_gln=receiver, buyer_reference=buyer_reference
    )


def _issued(world: World) -> date:
    return world.as_of - timedelta(days=world.rng.randrange(1, 30))


def _ordered(world: World, issued: date) -> date:
    return issued - timedelta(days=world.rng.randrange(3, 60))


def _posted(order_id: str, kind: CertificateType, document: DocumentSpec, year: int) -> Expected:
    postings = tuple((order_id, kind.psp(year), line.amount) for line in document.lines)
    return Expected("posted", None, postings, route="certificate")


def _manual(code: str) -> Expected:
    return Expected("manual", code, route="certificate")


def paid_certificate(world: World) -> Case:
    """An open order from this doctor for a mapped type, the fee inside its interval; the
    citizen's other orders (another doctor's, an earlier paid one) fall on the way."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    kind = world.rng.choice(CERTIFICATE_TYPES)
    order_id = _order(world, patient[0], doctor, kind.name, _ordered(world, issued))
    if world.rng.random() < 0.3:
        other = world.rng.choice(CERTIFICATE_TYPES).name
        _order(world, patient[0], _other_doctor(world, doctor), other, _ordered(world, issued))
    fee = _fee(world, kind)
    amounts = [fee]
    if world.rng.random() < 0.2:  # the journal copy on its own line, the total still the fee
        amounts = [fee - Decimal("50.00"), Decimal("50.00")]
    document = _invoice(world, doctor, patient, kind.name, amounts, issued=issued)
    return document, _posted(order_id, kind, document, world.as_of.year)


def paid_certificate_cpr_in_reference_and_line(world: World) -> Case:
    """The CPR in the buyer's reference as well as in the line: the same citizen, so paid."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    kind = world.rng.choice(CERTIFICATE_TYPES)
    order_id = _order(world, patient[0], doctor, kind.name, _ordered(world, issued))
    document = _invoice(
        world, doctor, patient, kind.name, [_fee(world, kind)], issued=issued,
        buyer_reference=world.rng.choice((patient[0], dashed(patient[0]))),
    )  # fmt: skip
    return document, _posted(order_id, kind, document, world.as_of.year)


def _unpaid(world: World, variant: str) -> Case:
    """NO_ORDER: no order, or only one that another doctor, a cancellation, an earlier invoice
    or its date rules out."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    kind = world.rng.choice(CERTIFICATE_TYPES)
    fee = _fee(world, kind)
    ordered = _ordered(world, issued)
    if variant == "other_doctor":
        _order(world, patient[0], _other_doctor(world, doctor), kind.name, ordered)
    elif variant == "cancelled":
        _order(world, patient[0], doctor, kind.name, ordered, status="cancelled")
    elif variant == "paid":  # the doctor sends the invoice again under a new number
        first = world.number(doctor)
        receiver = world.rng.choice(CERTIFICATE_RECEIVERS)[0]
        world.posted(doctor.cvr, first, fee, issued + timedelta(days=3), receiver=receiver)
        paid = {"status": "paid", "amount": f"{fee:.2f}", "invoice_ref": f"{doctor.cvr}/{first}"}
        _order(world, patient[0], doctor, kind.name, ordered, **paid)
        issued = min(issued + timedelta(days=world.rng.randrange(10, 30)), world.as_of)
    elif variant == "after":
        later = min(issued + timedelta(days=world.rng.randrange(1, 6)), world.as_of)
        _order(world, patient[0], doctor, kind.name, later)
    return _invoice(world, doctor, patient, kind.name, [fee], issued=issued), _manual("NO_ORDER")


def _other_doctor(world: World, doctor: Company) -> Company:
    for _ in range(5):
        other = _doctor(world)
        if other.cvr != doctor.cvr:
            return other
    return Company("Lægerne Bøgely", world.ids.cvr(), world.ids.gln(), "")


def no_order_at_all(world: World) -> Case:
    return _unpaid(world, "none")


def no_order_from_this_doctor(world: World) -> Case:
    return _unpaid(world, "other_doctor")


def no_order_but_a_cancelled_one(world: World) -> Case:
    return _unpaid(world, "cancelled")


def no_order_as_it_was_paid(world: World) -> Case:
    return _unpaid(world, "paid")


def no_order_before_the_invoice(world: World) -> Case:
    return _unpaid(world, "after")


def no_certificate_mapping(world: World) -> Case:
    """The order's type has no row in the Lægeerklæringer sheet."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    _order(world, patient[0], doctor, UNMAPPED_CERTIFICATE, _ordered(world, issued))
    fee = Decimal(world.rng.randrange(400, 1200, 5)).quantize(Decimal("0.01"))
    document = _invoice(world, doctor, patient, UNMAPPED_CERTIFICATE, [fee], issued=issued)
    return document, _manual("NO_CERTIFICATE_MAPPING")


def fee_outside_range(world: World) -> Case:
    """More than the agreed fee for the ordered type."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    kind = world.rng.choice(CERTIFICATE_TYPES)
    _order(world, patient[0], doctor, kind.name, _ordered(world, issued))
    assert kind.fee_to is not None
    fee = kind.fee_to + Decimal(world.rng.choice(("0.01", "50.00", "250.00")))
    document = _invoice(world, doctor, patient, kind.name, [fee], issued=issued)
    return document, _manual("FEE_OUTSIDE_RANGE")


def ambiguous_order(world: World) -> Case:
    """The caseworker ordered the same certificate twice from this doctor: two orders fit."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    kind = world.rng.choice(CERTIFICATE_TYPES)
    for _ in range(2):
        _order(world, patient[0], doctor, kind.name, _ordered(world, issued))
    document = _invoice(world, doctor, patient, kind.name, [_fee(world, kind)], issued=issued)
    return document, _manual("AMBIGUOUS_ORDER")


def certificate_missing_cpr(world: World) -> Case:
    """The clinic names the patient but writes no CPR."""
    doctor, patient, issued = _doctor(world), world.citizen(), _issued(world)
    kind = world.rng.choice(CERTIFICATE_TYPES)
    _order(world, patient[0], doctor, kind.name, _ordered(world, issued))
    document = _invoice(
        world, doctor, patient, kind.name, [_fee(world, kind)], issued=issued, cpr_in_line=False
    )
    return document, _manual("MISSING_CPR")
