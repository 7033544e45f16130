"""The Danish texts: notes name grants, amounts, dates and the fix; postings fit the ERP."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from robot.domain.claims import PaidElsewhere
from robot.domain.codes import Code
from robot.domain.conflicts import claimed_elsewhere
from robot.domain.formatting import (
    format_amount,
    format_date,
    format_period,
    format_short_period,
    join_danish,
    paragraph_label,
)
from robot.domain.models import CitizenRecord, Invoice, Order, Period, PostedInvoice
from robot.domain.notes.bounds import NOTE_LIMIT
from robot.domain.postings import LINE_TEXT_LIMIT, line_text
from robot.domain.router import apply_posting_refused, apply_psp_rejected, repeated_failure, uses
from tests.builders import (
    CERTIFICATE_EAN,
    CPR,
    CPR_2,
    OTHER_CVR,
    make_book,
    make_certificate_invoice,
    make_certificate_row,
    make_grant,
    make_invoice,
    make_line,
    make_mapping,
    make_order,
    make_payment,
    make_plan_invoice,
    make_plan_row,
    make_row,
    run_decide,
    run_route,
)
from tests.docs.render_example_notes import EXAMPLES, Example

D = Decimal
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("32240", "32.240,00 kr."),
        ("0.5", "0,50 kr."),
        ("1234567.891", "1.234.567,89 kr."),
        ("0.005", "0,01 kr."),
        ("-800", "-800,00 kr."),
    ],
)
def test_amounts_are_written_the_danish_way(amount: str, text: str) -> None:
    assert format_amount(D(amount)) == text


def test_dates_and_periods_are_written_the_danish_way() -> None:
    assert format_date(date(2026, 10, 1)) == "01.10.2026"
    assert format_period(OCTOBER) == "01.10.2026–31.10.2026"
    assert format_short_period(OCTOBER) == "01.10-31.10.2026"
    assert format_short_period(Period(date(2025, 12, 1), date(2026, 1, 31))) == (
        "01.12.2025-31.01.2026"
    )


@pytest.mark.parametrize(
    ("paragraph", "label"), [("107", "§107"), ("§ 108", "§108"), ("stu", "STU")]
)
def test_paragraph_label(paragraph: str, label: str) -> None:
    assert paragraph_label(paragraph) == label


def test_join_danish() -> None:
    assert join_danish(["a"]) == "a"
    assert join_danish(["a", "b", "c"]) == "a, b og c"


def test_line_text_is_paragraph_grant_and_period_in_at_most_50_characters() -> None:
    assert line_text(make_grant(), OCTOBER) == "§107 B-1043 01.10-31.10.2026"
    long = line_text(make_grant(grant_id="B-" + "9" * 60), OCTOBER)
    assert len(long) == LINE_TEXT_LIMIT


def note_of(**arguments: object) -> str:
    decision = run_decide(**arguments)  # type: ignore[arg-type]
    assert decision.note is not None
    return decision.note


def test_amount_mismatch_names_expected_amount_period_and_invoice_amount() -> None:
    grant = make_grant(rate=D("31200.00"), rate_unit="month")
    note = note_of(invoice=make_invoice(make_line(amount=D("32000.00"))), grants=[grant])
    assert note.startswith("[AMOUNT_MISMATCH] Beløbet på linje 1 passer ikke med bevilling B-1043")
    assert (
        "B-1043: den forventer 31.200,00 kr. for 01.10.2026–31.10.2026 (takst 31.200,00 kr. pr. "
        "måned); fakturaen siger 32.000,00 kr., 800,00 kr. mere." in note
    )
    assert "tilføj den nye takst på bevillingen i sagssystemet (»Ny takst«" in note
    assert "»Send til robotten«" in note
    assert "ny faktura med det rigtige beløb" in note


def test_amount_mismatch_with_several_grants_lists_each_expected_amount() -> None:
    grants = [make_grant(), make_grant(grant_id="B-2", rate=D("1000.00"))]
    note = note_of(invoice=make_invoice(make_line(amount=D("1.00"))), grants=grants)
    assert "bevilling B-1043 eller B-2" in note
    assert "B-1043 forventer 32.240,00 kr." in note
    assert "B-2 forventer 31.000,00 kr." in note


def test_no_grant_for_period_names_the_validity_and_the_fix() -> None:
    note = note_of(grants=[make_grant(valid_to=date(2026, 10, 10))])
    assert "B-1043 gælder 01.01.2026–10.10.2026 (udløber før periodens slutning)" in note
    assert (
        "Er bevillingens »Gyldig til« forkert, så ret den (»Ret bevilling« i sagssystemet) og "
        "send fakturaen tilbage til robotten (»Send til robotten«)" in note
    )
    assert "bed leverandøren om en faktura for de bevilgede dage" in note


def test_no_grant_for_period_for_a_grant_starting_late_says_when_it_starts() -> None:
    note = note_of(grants=[make_grant(valid_from=date(2026, 10, 15))])
    assert "B-1043 gælder fra 15.10.2026 (begynder først efter periodens start)" in note
    assert "Er bevillingens »Gyldig fra« forkert, så ret den" in note


def test_no_grant_for_period_never_nests_the_button_in_brackets_twice() -> None:
    note = note_of(grants=[make_grant(valid_to=date(2026, 10, 10))])
    assert "((" not in note
    assert "))" not in note


def test_no_grant_for_provider_names_the_grants_and_their_providers() -> None:
    note = note_of(grants=[make_grant(provider_cvr=OTHER_CVR)])
    assert f"B-1043 er hos CVR {OTHER_CVR}" in note
    assert "(CVR 12345674)" in note


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"status": "ended"}, "B-1043 er ikke aktiv (status: ophørt)"),
        ({"paragraph": "97"}, "B-1043 er efter §97, som robotten ikke betaler"),
        ({"rate": None}, "B-1043 har ingen fast takst"),
        ({"rate_unit": "hour"}, "B-1043 er timebaseret uden fast antal timer pr. måned"),
    ],
)
def test_no_payable_grant_says_why_each_grant_cannot_be_paid(
    overrides: dict[str, object], said: str
) -> None:
    assert said in note_of(grants=[make_grant(**overrides)])


def test_ambiguous_grant_lists_the_surviving_grants() -> None:
    note = note_of(grants=[make_grant(), make_grant(grant_id="B-2")])
    assert "B-1043 (32.240,00 kr.) og B-2 (32.240,00 kr.)" in note


def test_no_psp_mapping_names_the_key_and_other_validities() -> None:
    mapping = make_mapping(make_row(valid_to=date(2025, 12, 31), sheet_row=4))
    note = note_of(mapping=mapping)
    assert "bevilling B-1043 (§107, art 4.0, Privat, Udviklingshæmmede) gyldig 01.10.2026" in note
    assert "række 4 gælder 01.01.2026–31.12.2025" in note
    assert "tilføj eller ret rækken i arket PSP" in note


def test_ambiguous_psp_mapping_names_both_rows() -> None:
    mapping = make_mapping(make_row(), make_row(psp="XG-2222222222-00001", sheet_row=3))
    note = note_of(mapping=mapping)
    assert "række 2 (XG-5385010001-00007) og række 3 (XG-2222222222-00001)" in note


def test_duplicate_payment_names_the_earlier_payment() -> None:
    paid = make_payment(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))
    note = note_of(payments={"B-1043": [paid]})
    assert "01.10.2026–31.10.2026, 31.200,00 kr. (fakturareference 12345674/INV-0917)" in note


def test_citizen_not_found_says_where_the_cpr_was_written_without_the_cpr() -> None:
    note = note_of(citizens={CPR: None})
    assert "CPR-nummeret på linje 1 (i linjens note) findes ikke" in note


def test_credit_note_and_duplicate_invoice_name_the_supplier_and_number() -> None:
    assert "Bostedet Lindely ApS (CVR 12345674)" in note_of(
        invoice=make_invoice(doc_type="credit_note")
    )
    assert "Faktura INV-1017 fra Bostedet Lindely ApS" in note_of(already_posted=True)


def test_invalid_cvr_never_prints_the_number_which_may_be_a_cpr() -> None:
    note = note_of(invoice=make_invoice(supplier_cvr=CPR))
    assert CPR not in note
    assert "ikke 8 cifre" in note


def test_period_not_payable_names_each_line_and_the_fix() -> None:
    lines = (
        make_line(period_start=date(2025, 12, 15), period_end=date(2026, 1, 14)),
        make_line(number=2, period_start=date(2026, 12, 1), period_end=date(2026, 12, 31)),
    )
    note = note_of(invoice=make_invoice(*lines))
    assert "Linje 1: perioden 15.12.2025–14.01.2026 går over nytår" in note
    assert "Linje 2: perioden 01.12.2026–31.12.2026 ligger i fremtiden" in note


def test_above_approval_limit_names_total_and_limit() -> None:
    note = note_of(approval_limit=D("30000.00"))
    assert "32.240,00 kr. er over godkendelsesgrænsen på 30.000,00 kr." in note


def test_sampled_note_lists_psp_amount_and_line_text_per_line() -> None:
    note = note_of(sample_rate=D(1))
    assert (
        "linje 1: PSP XG-5385010001-00007, 32.240,00 kr., tekst »§107 B-1043 01.10-31.10.2026«"
        in note
    )
    assert "Bemærkning: »§107 Midlertidigt botilbud · bevilling B-1043" in note


def test_invalid_cpr_note_says_two_different_cprs() -> None:
    note = note_of(invoice=make_invoice(make_line(note="010190-1234 og 230485-1118")))
    assert "to forskellige CPR-numre" in note


@pytest.mark.parametrize("code", [Code.MISSING_CPR])
def test_missing_cpr_note_tells_how_to_fix(code: Code) -> None:
    note = note_of(invoice=make_invoice(make_line(note="", item_description="")))
    assert note.startswith(code.tag)
    assert "bed leverandøren om en ny faktura med borgerens CPR-nummer på linjen" in note


# --- what a person can act on: only the systems' own buttons, the posting to copy ------------

# Every button a note may name (contract sections 7 and 11): ERP manual handling, the case
# system's grant, citizen and order pages, the benefits system's citizen, agreement and payout
# pages.
BUTTONS = {
    "Afvis faktura",
    "Send til robotten",
    "Tilføj notat",
    "Tag opgaven",
    "Bogfør",
    "Ny takst",
    "Ret bevilling",
    "Registrér betaling",
    "Bestil lægeerklæring",
    "Annullér bestilling",
    "Ny huslejeaftale",
    "Afslut aftale",
    "Registrér træk",
}
# A button is named as "(»Bogfør«" or "økonomi: »Bogfør«"; line texts and remarks are quoted
# after "tekst " or "Bemærkning: ", and never match.
BUTTON = re.compile(r"(?:\(|økonomi: )»([^«]+)«")
# What no system offers: creating citizens or grants, correcting payments, opening PSP elements.
NOT_OFFERED = ("opret ", "genåbn", "slet ", "modregn", "ret betalingen", "registrerede betaling")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.label)
def test_every_note_names_only_buttons_the_systems_offer(example: Example) -> None:
    note = example.note()
    named = set(BUTTON.findall(note))
    assert named <= BUTTONS, named - BUTTONS


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.label)
def test_no_note_proposes_an_action_no_system_offers(example: Example) -> None:
    note = example.note().lower()
    assert not [word for word in NOT_OFFERED if word in note]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.label)
def test_every_note_fits_the_erp_and_never_ends_a_sentence_twice(example: Example) -> None:
    note = example.note()
    assert len(note) <= NOTE_LIMIT
    assert "kr.." not in note
    assert ".«." not in note


# A grant, plan or order matched, or a person may pay by hand: the posting is in the note.
WITH_POSTING = {
    "AMOUNT_MISMATCH",
    "AMOUNT_MISMATCH lines-miss-total",
    "AMOUNT_MISMATCH rate-change",
    "AMBIGUOUS_GRANT",
    "NO_PSP_MAPPING",
    "AMBIGUOUS_PSP_MAPPING",
    "DUPLICATE_PAYMENT",
    "DUPLICATE_PAYMENT just-paid",
    "LINE_FAILED",
    "ABOVE_APPROVAL_LIMIT",
    "SAMPLED_FOR_CONTROL",
    "SAMPLED_FOR_CONTROL plan",
    "SAMPLED_FOR_CONTROL certificate",
    "PSP_REJECTED",
    "POSTING_REFUSED",
    "PLAN_AMOUNT_OUTSIDE_RANGE",
    "PLAN_ALREADY_PAID",
    "PLAN_ALREADY_PAID just-paid",
    "NO_CERTIFICATE_MAPPING",
    "FEE_OUTSIDE_RANGE",
    "AMBIGUOUS_ORDER",
}


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if e.label in WITH_POSTING], ids=lambda e: e.label
)
def test_a_note_where_something_matched_gives_psp_amount_line_text_and_remark(
    example: Example,
) -> None:
    note = example.note()
    assert re.search(r"\nlinje 1: PSP[^\n]*, [\d.]+,\d\d kr\., tekst »[^«]+«", note), note
    assert "\nBemærkning: »" in note


def test_amount_mismatch_posting_by_hand_says_what_to_register_afterwards() -> None:
    note = note_of(invoice=make_invoice(make_line(amount=D("33480.00"))))
    assert (
        "Registrér derefter betalingen på bevilling B-1043 i sagssystemet (»Registrér "
        "betaling«): periode 01.10.2026–31.10.2026, 33.480,00 kr., fakturareference "
        "12345674/INV-1017" in note
    )


def test_ambiguous_grant_posting_by_hand_registers_on_each_candidate_grant() -> None:
    note = note_of(grants=[make_grant(), make_grant(grant_id="B-2")])
    assert "Registrér derefter betalingen på bevilling B-1043" in note
    assert "Registrér derefter betalingen på bevilling B-2" in note
    assert "sæt dens status til Annulleret eller Ophørt (»Ret bevilling« i sagssystemet)" in note


def test_ambiguous_psp_mapping_posting_offers_both_psp_elements() -> None:
    mapping = make_mapping(make_row(), make_row(psp="XG-2222222222-00001", sheet_row=3))
    note = note_of(mapping=mapping)
    assert "linje 1: PSP XG-5385010001-00007 eller XG-2222222222-00001, 32.240,00 kr." in note


def test_duplicate_payment_gives_the_posting_and_registering_only_the_unpaid_days() -> None:
    paid = make_payment(period_start=date(2026, 10, 1), period_end=date(2026, 10, 15))
    note = note_of(payments={"B-1043": [paid]})
    assert "linje 1: PSP XG-5385010001-00007, 32.240,00 kr., tekst »§107 B-1043" in note
    assert "registrér kun de dage, der ikke er betalt, på bevilling B-1043" in note
    assert "Registrér derefter betalingen" not in note  # the case system would refuse it


def test_no_payable_grant_proposes_status_active_only_for_a_grant_not_active() -> None:
    ended = note_of(grants=[make_grant(status="ended")])
    assert "sæt status til Aktiv (»Ret bevilling« i sagssystemet)" in ended
    assert "»Send til robotten«" in ended
    out_of_scope = note_of(grants=[make_grant(paragraph="97")])
    assert "Aktiv" not in out_of_scope
    assert "»Send til robotten«" not in out_of_scope  # the robot would refuse it again
    assert "§103, §104, §107, §108 og STU" in out_of_scope
    assert "»Registrér betaling«" in out_of_scope


def test_citizen_not_found_says_it_can_only_be_paid_without_a_case_system_payment() -> None:
    note = note_of(citizens={CPR: None})
    assert "kun betales uden en betaling i sagssystemet" in note


def test_missing_cpr_paid_by_hand_registers_the_payment_on_the_grant() -> None:
    note = note_of(invoice=make_invoice(make_line(note="", item_description="")))
    assert "og registrér betalingen på bevillingen (økonomi: »Registrér betaling«)" in note
    assert "heller ikke hvis fakturaen sendes tilbage" in note


def test_posting_by_hand_is_named_as_finance_work() -> None:
    assert "bogfør den i hånden (økonomi: »Bogfør«)" in note_of(grants=[])


def test_credit_note_is_posted_as_a_credit_and_never_sent_back() -> None:
    note = note_of(invoice=make_invoice(doc_type="credit_note"))
    assert "send den ikke tilbage" in note
    assert "ERP'et bogfører den som en kreditering" in note
    assert "på samme PSP-elementer" in note


def test_approval_note_says_sending_back_does_not_help() -> None:
    note = note_of(approval_limit=D("30000.00"))
    assert "robotten betaler den ikke, heller ikke hvis den sendes tilbage" in note
    assert "»Send til robotten«" not in note


def test_sample_note_says_what_to_do_when_the_person_disagrees() -> None:
    note = note_of(sample_rate=D(1))
    assert "Er du uenig, så bogfør den ikke: skriv hvorfor (»Tilføj notat«)" in note


def test_psp_rejected_proposes_fixing_the_sheet_not_reopening_the_element() -> None:
    decision = apply_psp_rejected(run_decide(sample_rate=D(1)), "PSP-elementet er lukket.")
    assert decision.note is not None
    assert "genåbn" not in decision.note
    assert "»PSP-elementet er lukket.« Et PSP-element er lukket" in decision.note
    assert "så rækken peger på et åbent PSP-element" in decision.note


def test_posting_refused_quotes_the_erp_and_ends_the_sentence_once() -> None:
    decision = apply_posting_refused(run_decide(), "Bemærkningen er for lang.")
    assert decision.note is not None
    assert "»Bemærkningen er for lang.« Intet er bogført" in decision.note


def test_repeated_failure_names_no_nested_actions() -> None:
    decision = repeated_failure(make_invoice(), runs=3, error="boom")
    assert decision.note is not None
    assert "((" not in decision.note
    assert "Er fejlen rettet, så send fakturaen tilbage til robotten" in decision.note


def test_duplicate_invoice_says_the_erp_will_not_post_it_twice() -> None:
    note = note_of(already_posted=True)
    assert "ERP'et bogfører ikke samme leverandør og fakturanummer to gange" in note
    assert "»Bogfør«" not in note


def test_period_in_the_future_is_sent_back_once_it_has_begun() -> None:
    invoice = make_invoice(period_start=date(2026, 12, 1), period_end=date(2026, 12, 31))
    note = note_of(invoice=invoice)
    assert "når perioden er begyndt, så betaler robotten den" in note


# --- payment plans and certificates ----------------------------------------------------------


def _plan_note(invoice: Invoice | None = None, *rows: object, **facts: Any) -> str:
    book = make_book(plans=rows or (make_plan_row(),))
    decision = run_route(invoice or make_plan_invoice(), book=book, **facts)
    assert decision.note is not None
    return decision.note


def test_ambiguous_plan_names_each_rows_psp_element() -> None:
    note = _plan_note(None, make_plan_row(), make_plan_row(sheet_row=5, psp="XG-1111111111-00001"))
    assert "række 2 (PSP XG-5385010001-00099, »Husleje Kastanjehaven«)" in note
    assert "række 5 (PSP XG-1111111111-00001" in note


def test_plan_amount_outside_range_names_the_columns_to_fix_and_nothing_to_register() -> None:
    line = make_line(amount=D("12500.00"), note="Husleje oktober")
    note = _plan_note(make_plan_invoice(lines=(line,), total=line.amount))
    assert "rette »Beløb fra« og »Beløb til« i rækken" in note
    assert "En betalingsplan registrerer intet i sagssystemet." in note
    assert "Registrér derefter" not in note


def test_plan_already_paid_ends_the_amount_with_one_full_stop() -> None:
    posted = PostedInvoice(
        invoice_number="H-10", total=D("10000.00"), period_start=date(2026, 10, 1)
    )
    note = _plan_note(None, posted=[posted])
    assert note.startswith(Code.PLAN_ALREADY_PAID.tag)
    assert "faktura H-10, 10.000,00 kr. Er denne faktura en kopi" in note


def _certificate_note(*orders: Order, amount: str = "1500.00", rows: Any = ()) -> str:
    book = make_book(
        certificates=rows or (make_certificate_row(),), certificate_eans=(CERTIFICATE_EAN,)
    )
    line = make_line(amount=D(amount), note="Lægeerklæring LÆ 265, CPR 010190-1234")
    invoice = make_certificate_invoice(lines=(line,), total=line.amount)
    citizens = {CPR: CitizenRecord(orders=orders)}
    decision = run_route(invoice, book=book, citizens=citizens)
    assert decision.note is not None
    return decision.note


def test_no_order_with_another_doctor_proposes_cancelling_and_ordering_with_this_one() -> None:
    note = _certificate_note(make_order(doctor_cvr=OTHER_CVR))
    assert note.startswith(Code.NO_ORDER.tag)
    assert "annullér den gamle bestilling (»Annullér bestilling«)" in note
    assert "(»Bestil lægeerklæring«: Læge (CVR) 12345674" in note


def test_no_order_already_paid_proposes_rejecting_a_copy() -> None:
    note = _certificate_note(make_order(status="paid"))
    assert "O-2041 er allerede betalt" in note
    assert "Er fakturaen en kopi af en, der er betalt (sendt igen), så afvis fakturaen" in note


def test_no_order_cancelled_proposes_ordering_again_or_rejecting() -> None:
    note = _certificate_note(make_order(status="cancelled"))
    assert "O-2041 er annulleret" in note
    assert "Er bestillingen annulleret ved en fejl, så bestil erklæringen" in note


def test_no_order_ordered_after_the_invoice_date_proposes_a_new_order_with_the_right_date() -> None:
    note = _certificate_note(make_order(ordered_on=date(2026, 11, 12)))
    assert "bestilt efter fakturadatoen 10.11.2026" in note
    assert "den rigtige dato i »Bestilt den«" in note


def test_no_certificate_mapping_tells_no_row_from_several_rows() -> None:
    none = _certificate_note(make_order(certificate_type="LÆ 285"))
    assert "har ingen række for LÆ 285 gyldig 10.11.2026" in none
    two = _certificate_note(
        make_order(), rows=(make_certificate_row(), make_certificate_row(sheet_row=3))
    )
    assert two.startswith(Code.NO_CERTIFICATE_MAPPING.tag)
    assert "har flere rækker for LÆ 265 gyldige 10.11.2026 (række 2 og række 3)" in two


def test_fee_outside_range_gives_the_posting_and_the_order_payment() -> None:
    note = _certificate_note(make_order(), amount="3200.00")
    assert "rette »Beløb fra« og »Beløb til« i rækken" in note
    assert "Registrér derefter betalingen på bestilling O-2041" in note


def test_certificate_without_cpr_paid_by_hand_registers_on_the_order() -> None:
    invoice = make_certificate_invoice(lines=(make_line(amount=D("1500.00"), note="LÆ 265"),))
    book = make_book(certificates=(make_certificate_row(),), certificate_eans=(CERTIFICATE_EAN,))
    decision = run_route(invoice, book=book)
    assert decision.note is not None
    assert "registrér betalingen på bestillingen (økonomi: »Registrér betaling«)" in decision.note


def test_a_grant_paid_a_moment_before_registers_only_the_other_grants_in_full() -> None:
    lines = (
        make_line(number=1),
        make_line(number=2, note="Ophold oktober 2026, CPR 230485-1118"),
    )
    grants = {CPR: [make_grant()], CPR_2: [make_grant(grant_id="B-1077", cpr=CPR_2)]}
    planned = run_decide(make_invoice(*lines), citizens=grants)
    paid = [
        PaidElsewhere(claim, "ERP-000231", "12345674/INV-0999")
        for claim in uses(planned)
        if claim.resource == "grant:B-1043"
    ]
    note = claimed_elsewhere(planned, paid).note
    assert note is not None
    assert note.startswith(Code.DUPLICATE_PAYMENT.tag)
    assert "Registrér derefter betalingen på bevilling B-1077" in note
    assert "Registrér derefter betalingen på bevilling B-1043" not in note
    assert "registrér kun de dage, der ikke er betalt, på bevilling B-1043" in note


def test_a_collective_invoice_with_many_failing_lines_keeps_its_note_within_the_erp_limit() -> None:
    lines = tuple(make_line(number=n, amount=D("1.00")) for n in range(1, 81))
    note = note_of(invoice=make_invoice(*lines))
    assert len(note) <= NOTE_LIMIT
    assert note.startswith("[LINE_FAILED] Samlefakturaen har 80 linjer, og 80 af dem")
    assert note.endswith("(notatet er forkortet; se resten på fakturaen)")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.label)
def test_no_note_proposes_finding_the_citizen_from_the_invoice(example: Example) -> None:
    """The case system finds a citizen by CPR number only (issue 21's finding 4)."""
    note = example.note().lower()
    assert "ud fra fakturaen" not in note


def test_a_plan_suppliers_invoice_to_a_receiver_without_a_plan_row_says_a_row_would_pay_it() -> (
    None
):
    """Issue 21's finding 4: the note said sending it back would not help, though adding the
    plan row and sending it back does pay it."""
    note = next(e for e in EXAMPLES if e.label == "MISSING_CPR plan-supplier").note()
    assert "Betalingsplaner" in note
    assert "så betaler robotten den" in note
    assert "heller ikke hvis" not in note


def test_line_failed_with_a_line_nothing_can_fix_does_not_ask_to_fix_it_and_send_it_back() -> None:
    note = next(e for e in EXAMPLES if e.label == "LINE_FAILED hopeless-line").note()
    head = note.splitlines()[0]
    assert "Send til robotten" not in head
    assert "heller ikke hvis fakturaen sendes tilbage" in head
