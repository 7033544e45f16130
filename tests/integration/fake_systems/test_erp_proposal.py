"""The robot's proposal (forslag til kontering) sent with an invoice to manual handling: stored
with it, filling in Bogfør for finance to check, kept by notes and Send til robotten, replaced by
the next manual-handling submission."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PSP, add_invoice, add_psp, make_line

NOTE = "[SAMPLED_FOR_CONTROL] Udtaget til stikprøvekontrol."
PROPOSAL = {
    "proposal_psp_1": PSP,
    "proposal_amount_1": "20.000,00",
    "proposal_text_1": "§107 B-1043 okt 2026",
    "proposal_psp_2": "XG-5385010001-00008",
    "proposal_amount_2": "12240.00",
    "proposal_text_2": "§107 B-2001 okt 2026",
    "proposal_remark": "§107 Midlertidigt botilbud · bevilling B-1043 og B-2001",
}
NOTICE = "Udfyldt med robottens forslag – kontrollér før du bogfører"


@pytest.fixture
def two_lines(erp_db: sqlite3.Connection) -> int:
    add_psp(erp_db, "XG-5385010001-00008")
    lines = [make_line(amount="20000.00"), make_line(amount="12240.00")]
    return add_invoice(erp_db, lines=lines)


def sent(robot: User, invoice_id: int, form: dict[str, str]) -> None:
    response = robot.post(f"/invoices/{invoice_id}/manual", {"note": NOTE} | form)
    assert response.status_code == 303, response.text


def value(page: str, name: str) -> str:
    """The value a posting form field is filled in with ("" when none)."""
    field = re.search(rf'<(?:input|textarea) id="{name}"[^>]*>', page)
    assert field is not None, name
    if field.group(0).startswith("<textarea"):
        found = re.search(rf'<textarea id="{name}"[^>]*>([^<]*)</textarea>', page)
        return found.group(1) if found else ""
    found = re.search(r'value="([^"]*)"', field.group(0))
    return found.group(1) if found else ""


def posting_values(page: str) -> dict[str, str]:
    names = ("psp_1", "amount_1", "text_1", "psp_2", "amount_2", "text_2", "remark")
    return {name: value(page, name) for name in names}


FILLED = {
    "psp_1": PSP,
    "amount_1": "20000.00",
    "text_1": "§107 B-1043 okt 2026",
    "psp_2": "XG-5385010001-00008",
    "amount_2": "12240.00",
    "text_2": "§107 B-2001 okt 2026",
    "remark": "§107 Midlertidigt botilbud · bevilling B-1043 og B-2001",
}
EMPTY = dict.fromkeys(FILLED, "")


def test_the_manual_form_offers_the_proposal_fields_per_line_collapsed(
    erp_as: Callable[[str], User], two_lines: int
) -> None:
    page = erp_as("robot").get(f"/invoices/{two_lines}").text
    form = page[page.index('data-testid="manual-form"') :]
    for n in (1, 2):
        for label in ("PSP-element", "beløb", "linjetekst"):
            assert f">Foreslået {label}, linje {n}</label>" in form
    assert ">Foreslået bemærkning</label>" in form
    assert "<summary>Robottens forslag til kontering (valgfrit)</summary>" in form
    assert '<details class="proposal" data-testid="proposal-fields">' in form  # collapsed


def test_finance_finds_bogfor_filled_in_from_the_proposal_and_posts_it_as_it_stands(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, PROPOSAL)
    finance = erp_as("okonomi")
    page = finance.get(f"/invoices/{two_lines}").text
    assert posting_values(page) == FILLED
    assert NOTICE in page
    response = finance.post(f"/invoices/{two_lines}/post", FILLED)
    assert response.status_code == 303
    postings = erp_db.execute("SELECT psp, amount, text FROM postings ORDER BY line_no")
    assert [tuple(p) for p in postings] == [
        (PSP, "20000.00", "§107 B-1043 okt 2026"),
        ("XG-5385010001-00008", "12240.00", "§107 B-2001 okt 2026"),
    ]


def test_without_a_proposal_bogfor_is_empty_as_before(
    erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, {})
    page = erp_as("okonomi").get(f"/invoices/{two_lines}").text
    assert posting_values(page) == EMPTY
    assert NOTICE not in page


def test_a_part_proposal_fills_in_only_what_it_proposes(
    erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, {"proposal_psp_2": "XG-5385010001-00008"})
    page = erp_as("okonomi").get(f"/invoices/{two_lines}").text
    assert posting_values(page) == EMPTY | {"psp_2": "XG-5385010001-00008"}
    assert NOTICE in page


def test_notes_and_send_til_robotten_keep_the_proposal_and_the_next_submission_replaces_it(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], two_lines: int
) -> None:
    robot, caseworker, finance = erp_as("robot"), erp_as("sagsbehandler"), erp_as("okonomi")
    sent(robot, two_lines, PROPOSAL)
    caseworker.post(f"/invoices/{two_lines}/notes", {"note": "Ringet til leverandøren."})
    caseworker.post(f"/invoices/{two_lines}/send-back", {})
    kept = erp_db.execute("SELECT line_no, amount FROM proposal_lines ORDER BY line_no")
    assert [tuple(row) for row in kept] == [(1, "20000.00"), (2, "12240.00")]
    assert NOTICE not in finance.get(f"/invoices/{two_lines}").text  # in the inbox: the robot's
    sent(robot, two_lines, PROPOSAL | {"proposal_amount_1": "19000.00"})
    assert posting_values(finance.get(f"/invoices/{two_lines}").text)["amount_1"] == "19000.00"
    caseworker.post(f"/invoices/{two_lines}/send-back", {})
    sent(robot, two_lines, {})  # decided afresh, with nothing to propose
    assert posting_values(finance.get(f"/invoices/{two_lines}").text) == EMPTY


def test_a_proposal_kept_by_a_note_still_fills_in_bogfor(
    erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, PROPOSAL)
    erp_as("sagsbehandler").post(f"/invoices/{two_lines}/notes", {"note": "Tjekket."})
    assert posting_values(erp_as("okonomi").get(f"/invoices/{two_lines}").text) == FILLED


def test_after_a_refused_posting_the_form_shows_what_the_person_typed_not_the_proposal(
    erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, PROPOSAL)
    typed = FILLED | {"amount_1": "1.00"}
    response = erp_as("okonomi").post(f"/invoices/{two_lines}/post", typed)
    assert response.status_code == 422
    assert posting_values(response.text) == typed
    assert NOTICE not in response.text


def test_a_caseworker_who_cannot_post_gets_no_posting_form(
    erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, PROPOSAL)
    page = erp_as("sagsbehandler").get(f"/invoices/{two_lines}").text
    assert 'data-testid="posting-form"' not in page and NOTICE not in page


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("proposal_amount_1", "20 tusind", "proposal_amount"),
        ("proposal_text_2", "x" * 51, "proposal_text"),
        ("proposal_remark", "x" * 1001, "proposal_remark"),
    ],
)
def test_a_proposal_that_could_not_be_posted_as_written_is_refused_and_nothing_changes(
    erp_db: sqlite3.Connection,
    erp_as: Callable[[str], User],
    two_lines: int,
    field: str,
    typed: str,
    reason: str,
) -> None:
    response = erp_as("robot").post(
        f"/invoices/{two_lines}/manual", {"note": NOTE} | PROPOSAL | {field: typed}
    )
    assert response.status_code == 422
    assert f'data-reason="{reason}" data-field="{field}"' in response.text
    assert '<details class="proposal" data-testid="proposal-fields" open>' in response.text
    status = erp_db.execute("SELECT status FROM invoices WHERE id = ?", (two_lines,)).fetchone()
    assert status[0] == "unposted"
    assert erp_db.execute("SELECT COUNT(*) FROM proposals").fetchone()[0] == 0


def test_proposal_fields_for_lines_the_invoice_lacks_are_left_out(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], two_lines: int
) -> None:
    sent(erp_as("robot"), two_lines, {"proposal_psp_3": PSP, "proposal_psp_1": PSP})
    lines = erp_db.execute("SELECT line_no FROM proposal_lines").fetchall()
    assert [row[0] for row in lines] == [1]
