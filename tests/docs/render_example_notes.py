"""The example notes of runbooks/for-caseworkers.md, rendered by the robot's own decision code.

    .venv/bin/python -m tests.docs.render_example_notes           # print every example
    .venv/bin/python -m tests.docs.render_example_notes --write   # update the runbook

Each scenario is built with the test builders (tests/builders.py); the notes never hold a CPR.
Every code has one main example (`<!-- example-note CODE -->`); a code whose note has another
form as well has a second, named example (`<!-- example-note CODE name -->`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from robot.domain.codes import Code
from robot.domain.decision import Decision, apply_psp_rejected
from tests.builders import (
    CPR,
    CPR_2,
    OTHER_CVR,
    make_grant,
    make_invoice,
    make_line,
    make_mapping,
    make_payment,
    make_row,
    run_decide,
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
)


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
