"""The Danish texts: notes name grants, amounts, dates and the fix; postings fit the ERP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.codes import Code
from robot.domain.formatting import (
    format_amount,
    format_date,
    format_period,
    format_short_period,
    join_danish,
    paragraph_label,
)
from robot.domain.models import Period
from robot.domain.postings import LINE_TEXT_LIMIT, line_text
from tests.builders import (
    CPR,
    OTHER_CVR,
    make_grant,
    make_invoice,
    make_line,
    make_mapping,
    make_payment,
    make_row,
    run_decide,
)

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
    assert "ret taksten på bevillingen" in note
    assert "kreditnota og en ny faktura" in note


def test_amount_mismatch_with_several_grants_lists_each_expected_amount() -> None:
    grants = [make_grant(), make_grant(grant_id="B-2", rate=D("1000.00"))]
    note = note_of(invoice=make_invoice(make_line(amount=D("1.00"))), grants=grants)
    assert "bevilling B-1043 eller B-2" in note
    assert "B-1043 forventer 32.240,00 kr." in note
    assert "B-2 forventer 31.000,00 kr." in note


def test_no_grant_for_period_names_the_validity_and_the_fix() -> None:
    note = note_of(grants=[make_grant(valid_to=date(2026, 10, 10))])
    assert "B-1043 gælder 01.01.2026–10.10.2026" in note
    assert "bevillingen udløb 10.10.2026; forlæng bevillingen eller afvis fakturaen" in note


def test_no_grant_for_period_for_a_grant_starting_late_says_when_it_starts() -> None:
    note = note_of(grants=[make_grant(valid_from=date(2026, 10, 15))])
    assert "B-1043 gælder fra 15.10.2026" in note
    assert "bevillingen begynder først 15.10.2026" in note


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
    assert "tilføje eller rette rækken i arket PSP" in note


def test_ambiguous_psp_mapping_names_both_rows() -> None:
    mapping = make_mapping(make_row(), make_row(psp="XG-2222222222-00001", sheet_row=3))
    note = note_of(mapping=mapping)
    assert "række 2 (XG-5385010001-00007) og række 3 (XG-2222222222-00001)" in note


def test_duplicate_payment_names_the_earlier_payment() -> None:
    paid = make_payment(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))
    note = note_of(payments={"B-1043": [paid]})
    assert "01.10.2026–31.10.2026, 31.200,00 kr. (faktura 12345674/INV-0917)" in note


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
    assert "Bed leverandøren skrive borgerens CPR-nummer" in note
