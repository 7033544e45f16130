"""The example notes of runbooks/for-caseworkers.md, rendered by the robot's own decision code.

    .venv/bin/python -m tests.docs.render_example_notes           # print every example
    .venv/bin/python -m tests.docs.render_example_notes --write   # update the runbook

Each scenario is built with the test builders (tests/builders.py); the notes never hold a CPR.
Every code has one main example (`<!-- example-note CODE -->`); a code whose note has other
forms (another cause, another way of paying) has a named example for each
(`<!-- example-note CODE name -->`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from robot.domain.benefits import BenefitsCitizen, Deduction
from robot.domain.claims import Claim, PaidElsewhere
from robot.domain.codes import Code
from robot.domain.conflicts import claimed_elsewhere
from robot.domain.decision import Decision
from robot.domain.models import CitizenRecord, Order, PostedInvoice, RateChange
from robot.domain.router import (
    apply_posting_refused,
    apply_psp_rejected,
    repeated_failure,
    uses,
)
from tests.builders import (
    CERTIFICATE_EAN,
    CPR,
    CPR_2,
    LANDLORD_CVR,
    OTHER_CVR,
    SUPPLIER_CVR,
    make_agreement,
    make_book,
    make_certificate_invoice,
    make_certificate_row,
    make_grant,
    make_invoice,
    make_landlord_row,
    make_line,
    make_mapping,
    make_order,
    make_payment,
    make_payout,
    make_plan_invoice,
    make_plan_row,
    make_rent_invoice,
    make_row,
    rent_book,
    run_decide,
    run_rent,
    run_route,
)

RUNBOOK = Path(__file__).resolve().parents[2] / "runbooks" / "for-caseworkers.md"
# <!-- example-note CODE [variant] --> then a ```text block, then <!-- /example-note -->
BLOCK = re.compile(
    r"(<!-- example-note (?P<label>[A-Z_]+(?: [a-z-]+)?) -->\n```text\n)(?P<note>.*?)"
    r"(\n```\n<!-- /example-note -->)",
    re.DOTALL,
)
D = Decimal


@dataclass(frozen=True, slots=True)
class Example:
    code: Code
    situation: str  # the scenario in one English sentence, for the reader of this script
    build: Callable[[], Decision]
    variant: str = ""  # names a second example of the same code; "" for the main one

    @property
    def label(self) -> str:
        """How the runbook marks the example: `CODE`, or `CODE variant`."""
        return f"{self.code.value} {self.variant}" if self.variant else self.code.value

    def note(self) -> str:
        decision = self.build()
        if decision.code is not self.code or decision.note is None:
            raise AssertionError(f"the {self.code} scenario decided {decision.code}")
        return decision.note


def _no_cpr_anywhere() -> Decision:
    line = make_line(note="Ophold oktober 2026", item_description="Døgnophold")
    return run_decide(make_invoice(line))


def _period_across_new_year() -> Decision:
    invoice = make_invoice(period_start=date(2025, 12, 15), period_end=date(2026, 1, 14))
    return run_decide(invoice)


def _negative_invoice() -> Decision:
    line = make_line(amount=D("-1040.00"), note="Tilbagebetaling 31.10.2026, CPR 010190-1234")
    return run_decide(make_invoice(line))


def _lines_miss_the_total() -> Decision:
    return run_decide(make_invoice(make_line(), total=D("40300.00")))


def _collective_with_one_wrong_amount() -> Decision:
    lines = (
        make_line(number=1),
        make_line(number=2, note="Ophold oktober 2026, CPR 230485-1118", amount=D("32000.00")),
    )
    grants = {CPR: [make_grant()], CPR_2: [make_grant(grant_id="B-1077", cpr=CPR_2)]}
    return run_decide(make_invoice(*lines), citizens=grants)


def _large_monthly_grant() -> Decision:
    grant = make_grant(
        paragraph="108", service="Længerevarende botilbud", rate=D("104500.00"), rate_unit="month"
    )
    mapping = make_mapping(make_row(paragraph="108", psp="XG-5385010002-00001"))
    invoice = make_invoice(make_line(amount=D("104500.00")))
    return run_decide(invoice, grants=[grant], mapping=mapping)


def _psp_closed_in_erp() -> Decision:
    planned = run_decide(sample_rate=D(1))
    message = "Linje 1: PSP-elementet XG-5385010001-00007 er lukket og kan ikke bogføres på."
    return apply_psp_rejected(planned, message)


def _posting_refused() -> Decision:
    message = "Bemærkningen er 1.204 tegn; højst 1.000 er tilladt."
    return apply_posting_refused(run_decide(), message)


def _failing_run_after_run() -> Decision:
    error = "timeout: the ERP's invoice page did not show the line table within 30 s"
    return repeated_failure(make_invoice(), runs=3, error=error)


def _rate_changed_mid_month() -> Decision:
    """The grant has 1.100,00 from 15 October; the supplier billed the whole month at 1.040,00."""
    grant = make_grant(rate_changes=(RateChange(date(2026, 10, 15), D("1100.00")),))
    return run_decide(grants=[grant])


def _just_paid_for_the_same_days() -> Decision:
    """Another receipt billing October on B-1043 was paid a moment ago (same run or another)."""
    planned = run_decide(make_invoice(invoice_number="INV-1017-2"))
    others = [
        PaidElsewhere(claim, "ERP-000231", f"{SUPPLIER_CVR}/INV-1017") for claim in uses(planned)
    ]
    return claimed_elsewhere(planned, others)


# --- payment plans: rent from the supplier to one institution's EAN --------------------------


def _plan_book(*rows: object) -> object:
    return make_book(plans=rows or (make_plan_row(),))


def _plan_outside_range() -> Decision:
    line = make_line(amount=D("12500.00"), note="Husleje oktober", item_name="Husleje")
    invoice = make_plan_invoice(lines=(line,), total=line.amount)
    return run_route(invoice, book=_plan_book())


def _plan_already_paid() -> Decision:
    posted = PostedInvoice(
        invoice_number="H-2026-10",
        total=D("10000.00"),
        erp_id="ERP-000118",
        issue_date=date(2026, 10, 1),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
    )
    return run_route(make_plan_invoice(), book=_plan_book(), posted=[posted])


def _plan_just_paid() -> Decision:
    planned = run_route(make_plan_invoice(), book=_plan_book())
    others = [PaidElsewhere(uses(planned)[0], "ERP-000240", f"{SUPPLIER_CVR}/H-2026-10")]
    return claimed_elsewhere(planned, others)


# --- doctors' certificates: an invoice on the certificate EAN, matched to an order ----------


def _certificate_book() -> object:
    return make_book(certificates=(make_certificate_row(),), certificate_eans=(CERTIFICATE_EAN,))


def _certificate(*orders: Order, amount: str = "1500.00", sample: bool = False) -> Decision:
    line = make_line(amount=D(amount), note="Lægeerklæring LÆ 265, CPR 010190-1234")
    invoice = make_certificate_invoice(lines=(line,), total=line.amount)
    citizens = {CPR: CitizenRecord(grants=(make_grant(),), orders=orders)}
    rate = D(1) if sample else D(0)
    return run_route(invoice, book=_certificate_book(), citizens=citizens, sample_rate=rate)


def _certificate_just_paid() -> Decision:
    planned = _certificate(make_order())
    others = [PaidElsewhere(Claim("order:O-2041"), "ERP-000244", f"{SUPPLIER_CVR}/L-5512")]
    return claimed_elsewhere(planned, others)


EXAMPLES: tuple[Example, ...] = (
    Example(
        Code.CREDIT_NOTE,
        "the supplier sent a credit note",
        lambda: run_decide(make_invoice(doc_type="credit_note", invoice_number="KN-0042")),
    ),
    Example(
        Code.CREDIT_NOTE,
        "an invoice whose amount payable is negative (the supplier owes the municipality)",
        _negative_invoice,
        variant="negative-invoice",
    ),
    Example(
        Code.CURRENCY_NOT_DKK,
        "the invoice is in euro",
        lambda: run_decide(make_invoice(currency="EUR")),
    ),
    Example(
        Code.INVALID_CVR,
        "the supplier's CVR fails its check digit",
        lambda: run_decide(make_invoice(supplier_cvr="12345678")),
    ),
    Example(
        Code.PERIOD_NOT_PAYABLE,
        "the period runs from December into January",
        _period_across_new_year,
    ),
    Example(
        Code.DUPLICATE_INVOICE,
        "the ERP has this supplier's invoice number posted already",
        lambda: run_decide(already_posted=True),
    ),
    Example(Code.MISSING_CPR, "no CPR on the line or in the buyer's reference", _no_cpr_anywhere),
    Example(
        Code.INVALID_CPR,
        "the CPR's first six digits are 31 February",
        lambda: run_decide(make_invoice(make_line(note="Ophold oktober, CPR 310290-1234"))),
    ),
    Example(
        Code.CITIZEN_NOT_FOUND,
        "the case system has no citizen with the CPR",
        lambda: run_decide(citizens={CPR: None}),
    ),
    Example(Code.NO_GRANT, "the citizen has no grants", lambda: run_decide(grants=[])),
    Example(
        Code.NO_GRANT_FOR_PROVIDER,
        "the citizen's grant is with another provider",
        lambda: run_decide(grants=[make_grant(provider_cvr=OTHER_CVR)]),
    ),
    Example(
        Code.NO_PAYABLE_GRANT,
        "the grant with this provider has ended",
        lambda: run_decide(grants=[make_grant(status="ended")]),
    ),
    Example(
        Code.NO_GRANT_FOR_PERIOD,
        "the grant ran out in the middle of the invoice period",
        lambda: run_decide(grants=[make_grant(valid_to=date(2026, 10, 15))]),
    ),
    Example(
        Code.AMOUNT_MISMATCH,
        "the supplier bills a new rate (1.080,00 a day) the grant does not have",
        lambda: run_decide(make_invoice(make_line(amount=D("33480.00")))),
    ),
    Example(
        Code.AMOUNT_MISMATCH,
        "the line matches its grant, but the amount payable adds 25 % on top of the lines",
        _lines_miss_the_total,
        variant="lines-miss-total",
    ),
    Example(
        Code.AMBIGUOUS_GRANT,
        "two grants fit the line equally well",
        lambda: run_decide(grants=[make_grant(), make_grant(grant_id="B-1044")]),
    ),
    Example(
        Code.NO_PSP_MAPPING,
        "the workbook's row for the key ended last New Year and has no successor",
        lambda: run_decide(
            mapping=make_mapping(make_row(valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31)))
        ),
    ),
    Example(
        Code.AMBIGUOUS_PSP_MAPPING,
        "two workbook rows for the key are valid on 1 October",
        lambda: run_decide(
            mapping=make_mapping(make_row(), make_row(psp="XG-5385010001-00009", sheet_row=7))
        ),
    ),
    Example(
        Code.DUPLICATE_PAYMENT,
        "the grant already has a payment for October from another invoice",
        lambda: run_decide(
            payments={
                "B-1043": [
                    make_payment(
                        period_start=date(2026, 10, 1),
                        period_end=date(2026, 10, 31),
                        amount=D("32240.00"),
                        invoice_ref="12345674/INV-1009",
                    )
                ]
            }
        ),
    ),
    Example(
        Code.LINE_FAILED,
        "a collective invoice whose second line bills the wrong amount",
        _collective_with_one_wrong_amount,
    ),
    Example(
        Code.ABOVE_APPROVAL_LIMIT,
        "a matched invoice above the default approval limit of 100.000,00 kr.",
        _large_monthly_grant,
    ),
    Example(
        Code.SAMPLED_FOR_CONTROL,
        "a matched invoice drawn for the control sample",
        lambda: run_decide(sample_rate=D(1)),
    ),
    Example(
        Code.PSP_REJECTED,
        "the ERP refused the posting: the PSP element is closed",
        _psp_closed_in_erp,
    ),
    Example(
        Code.DOCUMENT_TYPE_NOT_PAYABLE,
        "the document is a pro-forma invoice (type code 325)",
        lambda: run_decide(make_invoice(type_code="325", invoice_number="PF-0042")),
    ),
    Example(
        Code.INVALID_INVOICE_NUMBER,
        "the invoice number is longer than the case system takes as a payment's reference",
        lambda: run_decide(make_invoice(invoice_number="INV-1017-" + "0" * 92)),
    ),
    Example(
        Code.PERIOD_NOT_PAYABLE,
        "the invoice bills December before December has begun",
        lambda: run_decide(
            make_invoice(period_start=date(2026, 12, 1), period_end=date(2026, 12, 31))
        ),
        variant="in-future",
    ),
    Example(
        Code.AMOUNT_MISMATCH,
        "the grant's rate rises on 15 October; the supplier billed all October at the old rate",
        _rate_changed_mid_month,
        variant="rate-change",
    ),
    Example(
        Code.DUPLICATE_PAYMENT,
        "another receipt billing the same days on the grant was paid a moment before",
        _just_paid_for_the_same_days,
        variant="just-paid",
    ),
    Example(
        Code.AMBIGUOUS_PLAN,
        "two payment-plan rows for the supplier and receiver are valid in October",
        lambda: run_route(
            make_plan_invoice(),
            book=_plan_book(make_plan_row(), make_plan_row(sheet_row=5, line_text="Husleje")),
        ),
    ),
    Example(
        Code.PLAN_AMOUNT_OUTSIDE_RANGE,
        "the rent went up beyond the plan's interval of 9.000-11.000 kr.",
        _plan_outside_range,
    ),
    Example(
        Code.PLAN_ALREADY_PAID,
        "the ERP has already posted the supplier's October rent to the receiver",
        _plan_already_paid,
    ),
    Example(
        Code.PLAN_ALREADY_PAID,
        "another receipt of October's rent was paid a moment before (same run or another)",
        _plan_just_paid,
        variant="just-paid",
    ),
    Example(
        Code.SAMPLED_FOR_CONTROL,
        "a payment-plan invoice drawn for the control sample",
        lambda: run_route(make_plan_invoice(), book=_plan_book(), sample_rate=D(1)),
        variant="plan",
    ),
    Example(
        Code.NO_ORDER,
        "the citizen has no certificate orders at all",
        lambda: _certificate(),
    ),
    Example(
        Code.NO_ORDER,
        "the citizen's order is with another doctor",
        lambda: _certificate(make_order(doctor_cvr=OTHER_CVR)),
        variant="other-doctor",
    ),
    Example(
        Code.NO_ORDER,
        "the doctor's order is paid already",
        lambda: _certificate(make_order(status="paid")),
        variant="paid",
    ),
    Example(
        Code.NO_ORDER,
        "the doctor's order was cancelled",
        lambda: _certificate(make_order(status="cancelled")),
        variant="cancelled",
    ),
    Example(
        Code.NO_ORDER,
        "another receipt of the certificate invoice paid the order a moment before",
        _certificate_just_paid,
        variant="just-paid",
    ),
    Example(
        Code.NO_CERTIFICATE_MAPPING,
        "the order is for LÆ 285, and the sheet has a row for LÆ 265 only",
        lambda: _certificate(make_order(certificate_type="LÆ 285")),
    ),
    Example(
        Code.FEE_OUTSIDE_RANGE,
        "the doctor billed 3.200 kr. for a LÆ 265 agreed at 1.000-2.500 kr.",
        lambda: _certificate(make_order(), amount="3200.00"),
    ),
    Example(
        Code.AMBIGUOUS_ORDER,
        "the citizen has two open LÆ 265 orders with the doctor",
        lambda: _certificate(
            make_order(), make_order(order_id="O-2057", ordered_on=date(2026, 10, 20))
        ),
    ),
    Example(
        Code.MISSING_CPR,
        "a doctor's certificate invoice without the citizen's CPR",
        lambda: run_route(
            make_certificate_invoice(lines=(make_line(amount=D("1500.00"), note="LÆ 265"),)),
            book=_certificate_book(),
        ),
        variant="certificate",
    ),
    Example(
        Code.SAMPLED_FOR_CONTROL,
        "a certificate invoice drawn for the control sample",
        lambda: _certificate(make_order(), sample=True),
        variant="certificate",
    ),
    Example(
        Code.POSTING_REFUSED,
        "the ERP refused the posting for a reason other than the PSP element",
        _posting_refused,
    ),
    Example(
        Code.REPEATED_FAILURE,
        "the robot failed on the invoice in three runs in a row with the same error",
        _failing_run_after_run,
    ),
)


def _tenant(**overrides: object) -> BenefitsCitizen:
    fields: dict[str, object] = {"agreements": (make_agreement(),), "payouts": (make_payout(),)}
    fields.update(overrides)
    return BenefitsCitizen(**fields)  # type: ignore[arg-type]


def _rent_of(amount: str) -> Decision:
    line = make_line(amount=D(amount), note="Husleje december 2026, lejer CPR 010190-1234")
    return run_rent(make_rent_invoice(lines=(line,), total=D(amount)))


def _rent_just_paid() -> Decision:
    planned = run_rent()
    held = [PaidElsewhere(c, "ERP-000311", f"{LANDLORD_CVR}/H-1201-A") for c in uses(planned)]
    return claimed_elsewhere(planned, held)


def _order_cancelled_meanwhile() -> Decision:
    from robot.domain.notes.postings import decision_posting_text
    from robot.domain.notes.refusals import order_changed

    planned = _certificate(make_order())
    note = order_changed("O-2041", "cancelled", decision_posting_text(planned))
    return planned.manual(Code.NO_ORDER, note)


def _plan_supplier_without_a_row_for_this_receiver() -> Decision:
    invoice = make_plan_invoice(receiver_ean="5798000012356")
    return run_route(invoice, book=_plan_book())


def _collective_with_a_line_without_cpr() -> Decision:
    return run_decide(
        make_invoice(make_line(), make_line(number=2, note="Ophold oktober, Lise Holm"))
    )


def _learning(name: str) -> Decision:
    from tests.unit.domain.test_learned import learned, of_one_mind, supplies_invoice

    if name == "suggested":
        return learned(flag=False)
    if name == "too-few":
        return learned(past=of_one_mind(4))
    return learned(supplies_invoice("4900.00"))


RENT_EXAMPLES: tuple[Example, ...] = (
    Example(
        Code.MISSING_CPR,
        "no CPR; people posted the supplier's 8 earlier invoices to this receiver on one PSP",
        lambda: _learning("suggested"),
        variant="suggested",
    ),
    Example(
        Code.MISSING_CPR,
        "with learned postings on: only 4 earlier invoices, too few to learn from",
        lambda: _learning("too-few"),
        variant="learned-too-few",
    ),
    Example(
        Code.LEARNED_AMOUNT_UNUSUAL,
        "with learned postings on: 4.900 kr. where the supplier usually bills 1.000 kr.",
        lambda: _learning("unusual"),
    ),
    Example(
        Code.MISSING_CPR,
        "a supplier with payment plans for other receivers bills this receiver without a CPR",
        _plan_supplier_without_a_row_for_this_receiver,
        variant="plan-supplier",
    ),
    Example(
        Code.LINE_FAILED,
        "a collective invoice with one line without a CPR, which nothing in the systems fixes",
        _collective_with_a_line_without_cpr,
        variant="hopeless-line",
    ),
    Example(
        Code.LANDLORD_NOT_APPROVED,
        "the landlord is not in the sheet Udlejere",
        lambda: run_rent(book=rent_book(landlords=[])),
    ),
    Example(
        Code.LANDLORD_NOT_APPROVED,
        "the landlord's row in Udlejere ended before the rent month",
        lambda: run_rent(
            book=rent_book(landlords=[make_landlord_row(valid_to=date(2026, 11, 30))])
        ),
        variant="row-ended",
    ),
    Example(
        Code.MISSING_CPR,
        "a rent invoice without the tenant's CPR",
        lambda: run_rent(
            make_rent_invoice(lines=(make_line(amount=D("5200.00"), note="Husleje december 2026"),))
        ),
        variant="rent",
    ),
    Example(
        Code.CITIZEN_NOT_FOUND,
        "the benefits system does not know the tenant",
        lambda: run_route(make_rent_invoice(), book=rent_book(), citizens={}, benefits={CPR: None}),
        variant="rent",
    ),
    Example(
        Code.NO_RENT_AGREEMENT,
        "the tenant has no rent agreement with this landlord",
        lambda: run_rent(citizen=_tenant(agreements=(make_agreement(landlord_cvr=OTHER_CVR),))),
    ),
    Example(
        Code.NO_RENT_AGREEMENT,
        "the tenant's agreement with the landlord ended during the month",
        lambda: run_rent(
            citizen=_tenant(agreements=(make_agreement(valid_to=date(2026, 12, 15)),))
        ),
        variant="ended",
    ),
    Example(
        Code.AMBIGUOUS_RENT_AGREEMENT,
        "two agreements with the landlord cover the month",
        lambda: run_rent(
            citizen=_tenant(
                agreements=(
                    make_agreement(),
                    make_agreement(agreement_id="HA-3002", address="Fjordvej 3, kælder"),
                )
            )
        ),
    ),
    Example(
        Code.RENT_ALREADY_PAID,
        "December is already deducted under the agreement",
        lambda: run_rent(
            citizen=_tenant(
                deductions=(
                    Deduction(
                        payout_id="U-7001",
                        agreement_id="HA-3001",
                        month=date(2026, 12, 1),
                        amount=D("5200.00"),
                        invoice_ref=f"{LANDLORD_CVR}/H-1130",
                    ),
                )
            )
        ),
    ),
    Example(
        Code.RENT_ALREADY_PAID,
        "another receipt of the month's rent was paid a moment before",
        _rent_just_paid,
        variant="just-paid",
    ),
    Example(
        Code.RENT_DEVIATION,
        "the rent rose from 5.200 to 6.000 kr., more than the landlord's 10 %",
        lambda: _rent_of("6000.00"),
    ),
    Example(
        Code.NO_PAYOUT_FOR_MONTH,
        "the tenant has no planned payout for December",
        lambda: run_rent(citizen=_tenant(payouts=())),
    ),
    Example(
        Code.NO_PAYOUT_FOR_MONTH,
        "December's payout has gone out already",
        lambda: run_rent(citizen=_tenant(payouts=(make_payout(status="udbetalt"),))),
        variant="paid-out",
    ),
    Example(
        Code.BENEFIT_TOO_SMALL,
        "a garage's rent is taken from the payout already, and the rest is too small",
        lambda: run_rent(
            citizen=_tenant(payouts=(make_payout(amount=D("8000.00"), deducted=D("3000.00")),))
        ),
    ),
    Example(
        Code.NO_ORDER,
        "the order was cancelled after the robot chose it, before it posted anything",
        _order_cancelled_meanwhile,
        variant="cancelled-meanwhile",
    ),
)
EXAMPLES = (*EXAMPLES, *RENT_EXAMPLES)


def example_notes() -> dict[str, str]:
    """Each example's note as the robot writes it, by label (`CODE` or `CODE variant`)."""
    return {example.label: example.note() for example in EXAMPLES}


def runbook_notes(text: str) -> dict[str, str]:
    """The example notes written in the runbook, by label."""
    return {match["label"]: match["note"] for match in BLOCK.finditer(text)}


def rewrite(text: str, notes: dict[str, str]) -> str:
    """The runbook with each example block replaced by the note the robot writes now."""

    def replace(match: re.Match[str]) -> str:
        note = notes[match["label"]]
        return f"{match.group(1)}{note}{match.group(4)}"

    return BLOCK.sub(replace, text)


def render(notes: dict[str, str]) -> str:
    """The blocks to paste into the runbook, one per example."""
    blocks = [
        f"<!-- example-note {label} -->\n```text\n{note}\n```\n<!-- /example-note -->"
        for label, note in notes.items()
    ]
    return "\n\n".join(blocks) + "\n"


def main(argv: Sequence[str]) -> int:
    notes = example_notes()
    if "--write" in argv:
        RUNBOOK.write_text(rewrite(RUNBOOK.read_text(encoding="utf-8"), notes), encoding="utf-8")
        print(f"updated {RUNBOOK}")
        return 0
    print(render(notes), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
