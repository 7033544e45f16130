"""The robot's pure decision over a bundle's files, with no stand-in and no browser: each
invoice as the ERP would show it, the citizens (grants with their rates, payments, orders) as the
case system would, the ERP's posted invoices for payment plans, and the mapping workbook.

Invoices are decided one after another in file order, as one robot run would take them: what an
earlier paid invoice used up (a grant's days, a plan's period, an order) is held by it, and a
later invoice that needs it goes to a person, with the code the run gives it."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fake_systems.oioubl import ParsedDocument, parse
from robot.domain.benefits import BenefitsCitizen, Deduction, Payout, RentAgreement
from robot.domain.claims import Claim, PaidElsewhere
from robot.domain.conflicts import claimed_elsewhere
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.history import HistoryLine, PostedBill, usable
from robot.domain.mapping_book import MappingBook
from robot.domain.models import (
    CitizenRecord,
    Grant,
    Invoice,
    InvoiceLine,
    Order,
    Payment,
    PostedInvoice,
    RateChange,
)
from robot.domain.prepared import Facts
from robot.domain.router import apply_psp_rejected, decide_invoice, prepare, uses
from robot.learning.model import LearnedHistory
from robot.learning.window import window
from robot.mapping.reader import read_mapping


def invoice_from_parsed(doc: ParsedDocument, erp_id: str = "ERP-000001") -> Invoice:
    """What the ERP's invoice page shows of an imported document, as the robot reads it."""
    return Invoice(
        erp_id=erp_id,
        supplier_cvr=doc.supplier_cvr,
        supplier_name=doc.supplier_name,
        invoice_number=doc.invoice_number,
        total=doc.total.quantize(Decimal("0.01")),
        doc_type="credit_note" if doc.doc_type == "credit_note" else "invoice",
        type_code=doc.type_code,
        currency=doc.currency,
        issue_date=doc.issue_date,
        period_start=doc.period_start,
        period_end=doc.period_end,
        buyer_reference=doc.buyer_reference,
        receiver_ean=doc.receiver_gln,
        lines=tuple(
            InvoiceLine(
                number=n,
                amount=line.amount.quantize(Decimal("0.01")),
                note=line.note,
                item_name=line.item_name,
                item_description=line.item_description,
                period_start=line.period_start,
                period_end=line.period_end,
            )
            for n, line in enumerate(doc.lines, start=1)
        ),
    )


def _day(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


def _grant(raw: dict[str, Any]) -> Grant:
    return Grant(
        grant_id=raw["grant_id"],
        cpr=raw["cpr"],
        provider_cvr=raw["provider_cvr"],
        paragraph=raw["paragraph"],
        service=raw["service"],
        art=raw["art"],
        ownership=raw["ownership"],
        target_group=raw["target_group"],
        rate=Decimal(raw["rate"]) if raw["rate"] is not None else None,
        rate_unit=raw["rate_unit"],
        valid_from=date.fromisoformat(raw["valid_from"]),
        valid_to=_day(raw["valid_to"]),
        status=raw["status"],
        hours_per_month=Decimal(raw["hours_per_month"]) if raw["hours_per_month"] else None,
        rate_changes=tuple(
            RateChange(date.fromisoformat(c["from"]), Decimal(c["rate"]))
            for c in raw.get("rate_changes", [])
        ),
    )


def _payment(raw: dict[str, Any]) -> Payment:
    return Payment(
        grant_id=raw["grant_id"],
        period_start=date.fromisoformat(raw["period_start"]),
        period_end=date.fromisoformat(raw["period_end"]),
        amount=Decimal(raw["amount"]),
        invoice_ref=raw["invoice_ref"],
    )


def _order(raw: dict[str, Any]) -> Order:
    return Order(
        order_id=raw["order_id"],
        cpr=raw["cpr"],
        doctor_cvr=raw["doctor_cvr"],
        certificate_type=raw["certificate_type"],
        ordered_on=date.fromisoformat(raw["ordered_on"]),
        status=raw["status"],
    )


def _posted(raw: dict[str, Any]) -> PostedInvoice:
    """A history posting as the ERP's posted list shows it: its issue date, period and what
    its lines say."""
    return PostedInvoice(
        invoice_number=raw["invoice_number"],
        total=Decimal(raw["amount"]),
        issue_date=_day(raw.get("issue_date")),
        period_start=_day(raw.get("period_start")),
        period_end=_day(raw.get("period_end")),
        texts=tuple(line["text"] for line in raw.get("lines", [])),
    )


@dataclass
class BundleDecisions:
    """Every invoice of a bundle decided by the robot's own rules, keyed by invoice key:
    ``decisions`` one after another in file order, ``alone`` each as if it were the only one."""

    decisions: dict[str, Decision]
    alone: dict[str, Decision]
    expected: dict[str, Any]
    context: BundleContext

    def after(self, key: str, first: str) -> Decision:
        """The invoice's decision in a run that paid ``first`` before it."""
        earlier = self.alone[first]
        held = set(uses(earlier)) if earlier.pays else set()
        return _against(self.alone[key], held, erp_id="ERP-000000", key=first)


def _against(decision: Decision, held: set[Claim], *, erp_id: str, key: str) -> Decision:
    """The decision when what ``key`` (ERP id ``erp_id``) paid is held: sent to a person when
    paying it would need any of it."""
    if not decision.pays:
        return decision
    others = [PaidElsewhere(c, erp_id, key) for c in uses(decision) if c in held]
    return claimed_elsewhere(decision, others) if others else decision


@dataclass
class BundleContext:
    """What the systems hold before the run, as the robot's decision sees it."""

    book: MappingBook
    settings: DecisionSettings
    grants: dict[str, list[Grant]]  # by CPR
    payments: dict[str, list[Payment]]  # by CPR
    orders: dict[str, list[Order]]  # by CPR
    citizens: set[str]
    posted_keys: set[str]
    posted_to: dict[tuple[str, str], list[PostedInvoice]]  # by supplier CVR and receiver EAN
    closed_psp: set[str]
    invoices: dict[str, Invoice] = field(default_factory=dict)
    benefits: dict[str, BenefitsCitizen] = field(default_factory=dict)  # by CPR
    history: LearnedHistory | None = None  # what the ERP shows posted the last 12 months
    open_psp: frozenset[str] = frozenset()

    def decide(self, invoice: Invoice) -> Decision:
        settings = self.settings
        prepared = prepare(
            invoice,
            book=self.book,
            today=settings.today,
            learned_postings=settings.learned_postings,
        )
        cprs = prepared.cprs_to_look_up
        facts = Facts(
            history=self.history if prepared.no_cpr else None,
            open_psp=self.open_psp,
            already_posted=invoice.key in self.posted_keys,
            citizens={cpr: self.citizen(cpr) for cpr in cprs},
            posted=tuple(self.posted_to.get((invoice.supplier_cvr, invoice.receiver_ean), ())),
            benefits={cpr: self.benefits.get(cpr) for cpr in cprs},
        )
        decision = decide_invoice(prepared, facts, book=self.book, settings=self.settings)
        if decision.pays and any(p.psp in self.closed_psp for p in decision.postings):
            return apply_psp_rejected(decision, "PSP-elementet er lukket")
        return decision

    def citizen(self, cpr: str) -> CitizenRecord | None:
        if cpr not in self.citizens:
            return None
        return CitizenRecord(
            tuple(self.grants.get(cpr, ())),
            tuple(self.payments.get(cpr, ())),
            tuple(self.orders.get(cpr, ())),
        )

    def with_rate(self, grant_id: str, change: RateChange) -> BundleContext:
        """The same systems after a caseworker added a rate to the grant (Ny takst)."""
        grants = {
            cpr: [
                dataclasses.replace(g, rate_changes=(*g.rate_changes, change))
                if g.grant_id == grant_id
                else g
                for g in found
            ]
            for cpr, found in self.grants.items()
        }
        return dataclasses.replace(self, grants=grants)


def _benefits(bundle: Path) -> dict[str, BenefitsCitizen]:
    """The benefits system as `benefits.json` loads it, by CPR."""
    path = bundle / "benefits.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text())

    def month(text: str) -> date:
        return date.fromisoformat(f"{text}-01")

    deductions = [
        Deduction(
            payout_id=d["payout_id"],
            agreement_id=d["agreement_id"],
            month=month(d["month"]),
            amount=Decimal(d["amount"]),
            invoice_ref=d["invoice_ref"],
        )
        for d in raw.get("deductions", [])
    ]
    found: dict[str, BenefitsCitizen] = {}
    for citizen in raw.get("citizens", []):
        cpr = citizen["cpr"]
        agreements = tuple(
            RentAgreement(
                agreement_id=a["agreement_id"],
                cpr=cpr,
                landlord_cvr=a["landlord_cvr"],
                landlord_name=a["landlord_name"],
                address=a["address"],
                rent=Decimal(a["rent"]),
                valid_from=date.fromisoformat(a["valid_from"]),
                valid_to=_day(a.get("valid_to")),
            )
            for a in raw.get("agreements", [])
            if a["cpr"] == cpr
        )
        payouts = tuple(
            Payout(
                payout_id=p["payout_id"],
                month=month(p["month"]),
                benefit=p["benefit"],
                amount=Decimal(p["amount"]),
                deducted=sum(
                    (d.amount for d in deductions if d.payout_id == p["payout_id"]), Decimal(0)
                ),
                status=p["status"],
            )
            for p in raw.get("payouts", [])
            if p["cpr"] == cpr
        )
        ids = {a.agreement_id for a in agreements}
        mine = tuple(d for d in deductions if d.agreement_id in ids)
        found[cpr] = BenefitsCitizen(agreements, payouts, mine)
    return found


def _bill(raw: dict[str, Any]) -> PostedBill:
    """A history posting as the ERP's posted list shows it, with its lines."""
    return PostedBill(
        supplier_cvr=raw["supplier_cvr"],
        supplier_name=raw.get("supplier_name") or "",
        receiver_ean=raw.get("receiver_gln") or "",
        invoice_number=raw["invoice_number"],
        issue_date=_day(raw.get("issue_date")),
        period_start=_day(raw.get("period_start")),
        period_end=_day(raw.get("period_end")),
        posted_at=date.fromisoformat(raw["posted_at"][:10]),
        posted_by=raw.get("posted_by") or "",
        total=Decimal(raw["amount"]),
        lines=tuple(
            HistoryLine(text=line["text"], amount=Decimal(line["amount"]), psp=line["psp"])
            for line in raw.get("lines", [])
        ),
    )


def posted_bills(bundle: Path) -> list[PostedBill]:
    """Every posted invoice of the bundle's ERP history, as the ERP's posted list shows it."""
    erp = json.loads((bundle / "erp.json").read_text())
    return [_bill(raw) for raw in erp["posted_invoices"]]


def open_psp_elements(bundle: Path) -> frozenset[str]:
    erp = json.loads((bundle / "erp.json").read_text())
    return frozenset(p["psp"] for p in erp["psp_elements"] if p["open"])


def _history(erp: dict[str, Any], today: date) -> LearnedHistory:
    since, until = window(today)
    bills = [_bill(raw) for raw in erp["posted_invoices"]]
    return LearnedHistory(usable(b for b in bills if since <= b.posted_at <= until))


def load_context(bundle: Path, *, learned_postings: bool = False) -> BundleContext:
    case = json.loads((bundle / "case_system.json").read_text())
    erp = json.loads((bundle / "erp.json").read_text())
    settings = json.loads((bundle / "expected.json").read_text())["settings"]
    grants: dict[str, list[Grant]] = defaultdict(list)
    for raw in case["grants"]:
        grants[raw["cpr"]].append(_grant(raw))
    owner = {g.grant_id: cpr for cpr, found in grants.items() for g in found}
    payments: dict[str, list[Payment]] = defaultdict(list)
    for raw in case["payments"]:
        payments[owner[raw["grant_id"]]].append(_payment(raw))
    orders: dict[str, list[Order]] = defaultdict(list)
    for raw in case.get("orders", []):
        orders[raw["cpr"]].append(_order(raw))
    posted_to: dict[tuple[str, str], list[PostedInvoice]] = defaultdict(list)
    for raw in erp["posted_invoices"]:
        if raw.get("receiver_gln"):
            posted_to[(raw["supplier_cvr"], raw["receiver_gln"])].append(_posted(raw))
    today = date.fromisoformat(settings["today"])
    return BundleContext(
        history=_history(erp, today),
        open_psp=frozenset(p["psp"] for p in erp["psp_elements"] if p["open"]),
        benefits=_benefits(bundle),
        book=read_mapping(bundle / "psp_mapping.xlsx").book,
        settings=DecisionSettings(
            today=date.fromisoformat(settings["today"]),
            approval_limit=Decimal(settings["approval_limit"]),
            amount_tolerance=Decimal(settings["amount_tolerance"]),
            sample_rate=Decimal(settings["sample_rate"]),
            learned_postings=learned_postings,
        ),
        grants=grants,
        payments=payments,
        orders=orders,
        citizens={c["cpr"] for c in case["citizens"]},
        posted_keys={f"{p['supplier_cvr']}/{p['invoice_number']}" for p in erp["posted_invoices"]},
        posted_to=posted_to,
        closed_psp={p["psp"] for p in erp["psp_elements"] if not p["open"]},
    )


def decide_bundle(bundle: Path, *, learned_postings: bool = False) -> BundleDecisions:
    context = load_context(bundle, learned_postings=learned_postings)
    expected = json.loads((bundle / "expected.json").read_text())["invoices"]
    decisions: dict[str, Decision] = {}
    alone: dict[str, Decision] = {}
    held: dict[Claim, tuple[str, str]] = {}  # what paid invoices used up: by ERP id and key
    files = sorted((bundle / "invoices").glob("*.xml"))
    for n, path in enumerate(files, start=1):
        invoice = invoice_from_parsed(parse(path.read_bytes()), erp_id=f"ERP-{n:06d}")
        context.invoices[invoice.key] = invoice
        decision = alone[invoice.key] = context.decide(invoice)
        if decision.pays:
            claims = (*uses(decision), Claim("invoice", invoice.key))
            others = [PaidElsewhere(c, *held[c]) for c in claims if c in held]
            if others:
                decision = claimed_elsewhere(decision, others)
            else:
                held.update(dict.fromkeys(claims, (invoice.erp_id, invoice.key)))
        decisions[invoice.key] = decision
    return BundleDecisions(decisions, alone, expected, context)
