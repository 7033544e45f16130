"""What people do with an invoice in manual handling (contract section 7): send it back to the
robot, reject it, add a note, take the task; each by the user, noted and audited."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fake_systems.bundle.export import export_outcome
from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PSP, add_invoice, seed_case

ROBOT_NOTE = "[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043."


@pytest.fixture
def queued(erp_db: sqlite3.Connection, erp_as: Callable[[str], User]) -> int:
    """An invoice the robot sent to manual handling with its note."""
    invoice_id = add_invoice(erp_db)
    erp_as("robot").post(f"/invoices/{invoice_id}/manual", {"note": ROBOT_NOTE})
    return invoice_id


def notes(conn: sqlite3.Connection, invoice_id: int) -> list[tuple[str, str, str, str]]:
    rows = conn.execute(
        "SELECT author, kind, code, text FROM notes WHERE invoice_id = ? ORDER BY id", (invoice_id,)
    )
    return [tuple(row) for row in rows]


def invoice(conn: sqlite3.Connection, invoice_id: int) -> tuple[str, str | None]:
    row = conn.execute("SELECT status, assignee FROM invoices WHERE id = ?", (invoice_id,))
    status, assignee = row.fetchone()
    return status, assignee


def audited(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute("SELECT username, action FROM audit WHERE action NOT LIKE 'login%'")
    return [tuple(row) for row in rows]


def erp_ids(response: httpx.Response) -> list[str]:
    return re.findall(r'data-testid="manual-row" data-erp-id="([^"]+)"', response.text)


def test_sending_back_to_the_robot_puts_it_in_the_inbox_with_the_users_note_and_assignee(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    caseworker = erp_as("sagsbehandler")
    caseworker.post(f"/invoices/{queued}/take", {})
    response = caseworker.post(f"/invoices/{queued}/send-back", {"comment": "Ny takst fra 1.10."})
    assert response.headers["location"] == f"/invoices/ERP-{queued:06d}?done=sent_back"
    assert invoice(erp_db, queued) == ("unposted", "sagsbehandler")
    assert notes(erp_db, queued)[-1] == (
        "sagsbehandler",
        "sent_back",
        "",
        "Sendt tilbage til robotten: Ny takst fra 1.10.",
    )
    assert f'data-erp-id="ERP-{queued:06d}"' in caseworker.get("/inbox").text
    assert (
        "Fakturaen er sendt tilbage til robotten."
        in caseworker.get(response.headers["location"]).text
    )
    assert ("sagsbehandler", "send_back") in audited(erp_db)


def test_sending_back_needs_no_comment(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    assert erp_as("okonomi").post(f"/invoices/{queued}/send-back", {}).status_code == 303
    assert notes(erp_db, queued)[-1][3] == "Sendt tilbage til robotten."


def test_the_robot_may_send_an_invoice_sent_back_to_manual_handling_again(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    erp_as("sagsbehandler").post(f"/invoices/{queued}/send-back", {})
    again = erp_as("robot").post(f"/invoices/{queued}/manual", {"note": "[NO_GRANT] Igen."})
    assert again.status_code == 303
    assert invoice(erp_db, queued) == ("manual", None)


def test_an_invoice_the_robot_leaves_in_manual_handling_again_is_back_in_its_assignees_list(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    caseworker = erp_as("sagsbehandler")
    caseworker.post(f"/invoices/{queued}/take", {})
    caseworker.post(f"/invoices/{queued}/send-back", {"comment": "Ny takst oprettet."})
    erp_as("robot").post(f"/invoices/{queued}/manual", {"note": "[AMOUNT_MISMATCH] Stadig."})
    assert invoice(erp_db, queued) == ("manual", "sagsbehandler")
    assert erp_ids(caseworker.get("/manual?assignee=mine")) == [f"ERP-{queued:06d}"]


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    response = erp_as("sagsbehandler").post(
        f"/invoices/{queued}/reject", {"reason": "  ", "confirm": "ja"}
    )
    assert response.status_code == 422
    assert 'data-reason="reason_missing"' in response.text
    assert '<textarea id="reason" name="reason"' in response.text
    assert invoice(erp_db, queued) == ("manual", None)
    assert ("sagsbehandler", "reject_refused") in audited(erp_db)


def test_rejecting_needs_the_confirmation_that_it_cannot_be_undone_checked_by_the_server(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    response = erp_as("sagsbehandler").post(
        f"/invoices/{queued}/reject", {"reason": "Dobbeltfaktura."}
    )
    assert response.status_code == 422
    assert 'data-reason="confirmation_missing"' in response.text
    assert (
        "Sæt kryds ved »Jeg er klar over, at en afvist faktura ikke kan bogføres«" in response.text
    )
    assert 'name="confirm" value="ja" required' in response.text  # the box is there to tick
    assert ">Dobbeltfaktura.</textarea>" in response.text  # the reason is kept
    assert invoice(erp_db, queued) == ("manual", None)
    assert ("sagsbehandler", "reject_refused") in audited(erp_db)


def test_a_rejected_invoice_leaves_the_queue_for_the_rejected_view_with_its_reason(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    caseworker = erp_as("sagsbehandler")
    response = caseworker.post(
        f"/invoices/{queued}/reject", {"reason": "Borgeren er fraflyttet.", "confirm": "ja"}
    )
    assert response.status_code == 303
    assert invoice(erp_db, queued)[0] == "rejected"
    assert notes(erp_db, queued)[-1] == (
        "sagsbehandler",
        "rejected",
        "",
        "Faktura afvist: Borgeren er fraflyttet.",
    )
    assert erp_ids(caseworker.get("/manual")) == []
    assert erp_ids(caseworker.get("/manual?status=rejected")) == [f"ERP-{queued:06d}"]
    assert f"ERP-{queued:06d}" not in caseworker.get("/inbox").text
    page = caseworker.get(f"/invoices/{queued}").text
    assert 'data-testid="status" data-value="rejected">Afvist' in page
    assert 'data-testid="handling"' not in page and 'data-testid="posting-form"' not in page


def test_a_note_by_a_person_keeps_its_author_and_the_queues_code(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    finance = erp_as("okonomi")
    finance.post(f"/invoices/{queued}/notes", {"note": "Ringet til leverandøren."})
    assert notes(erp_db, queued) == [
        ("robot", "manual", "AMOUNT_MISMATCH", ROBOT_NOTE),
        ("okonomi", "note", "", "Ringet til leverandøren."),
    ]
    queue = finance.get("/manual").text
    assert 'data-testid="manual-code" data-value="AMOUNT_MISMATCH"' in queue
    assert "Ringet til leverandøren." in queue  # the latest note
    assert erp_ids(finance.get("/manual?code=AMOUNT_MISMATCH")) == [f"ERP-{queued:06d}"]
    page = finance.get(f"/invoices/{queued}").text
    assert 'data-testid="note-row" data-code="" data-kind="note"' in page
    assert 'data-testid="note-row" data-code="AMOUNT_MISMATCH" data-kind="manual"' in page


def test_a_note_that_starts_like_a_code_is_a_plain_note(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    erp_as("sagsbehandler").post(f"/invoices/{queued}/notes", {"note": "[NO_GRANT] tjekket"})
    assert erp_db.execute("SELECT note_code FROM invoices").fetchone()[0] == "AMOUNT_MISMATCH"


def test_an_empty_note_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    response = erp_as("sagsbehandler").post(f"/invoices/{queued}/notes", {"note": ""})
    assert response.status_code == 422 and 'data-reason="note_missing"' in response.text
    assert len(notes(erp_db, queued)) == 1


def test_taking_the_task_makes_the_user_the_assignee(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    caseworker = erp_as("sagsbehandler")
    assert caseworker.post(f"/invoices/{queued}/take", {}).status_code == 303
    assert invoice(erp_db, queued) == ("manual", "sagsbehandler")
    assert notes(erp_db, queued)[-1][:2] == ("sagsbehandler", "taken")
    queue = caseworker.get("/manual").text
    assert 'data-testid="manual-assignee" data-value="sagsbehandler">sagsbehandler<' in queue
    page = caseworker.get(f"/invoices/{queued}").text
    assert 'data-testid="assignee" data-value="sagsbehandler"' in page
    assert 'data-testid="take-form"' not in page  # already the user's


def test_taking_ones_own_task_again_changes_nothing_and_another_user_may_take_it_over(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    erp_as("sagsbehandler").post(f"/invoices/{queued}/take", {})
    erp_as("sagsbehandler").post(f"/invoices/{queued}/take", {})
    erp_as("okonomi").post(f"/invoices/{queued}/take", {})
    assert invoice(erp_db, queued) == ("manual", "okonomi")
    assert [n[1] for n in notes(erp_db, queued)] == ["manual", "taken", "taken"]
    assert notes(erp_db, queued)[-1][3] == "Opgaven er taget af okonomi (før: sagsbehandler)."


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("send-back", {}),
        ("reject", {"reason": "x", "confirm": "ja"}),
        ("notes", {"note": "x"}),
        ("take", {}),
    ],
)
@pytest.mark.parametrize("status", ["unposted", "posted", "rejected"])
def test_the_people_actions_need_an_invoice_in_manual_handling(
    erp_db: sqlite3.Connection,
    erp_as: Callable[[str], User],
    path: str,
    form: dict[str, str],
    status: str,
) -> None:
    invoice_id = add_invoice(erp_db, status=status, voucher="BIL-1" if status == "posted" else None)
    response = erp_as("admin").post(f"/invoices/{invoice_id}/{path}", form)
    assert response.status_code == 409
    assert 'data-reason="not_in_manual_handling"' in response.text
    assert invoice(erp_db, invoice_id)[0] == status
    assert notes(erp_db, invoice_id) == []


def test_every_action_is_audited_with_its_user(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    caseworker = erp_as("sagsbehandler")
    caseworker.post(f"/invoices/{queued}/take", {})
    caseworker.post(f"/invoices/{queued}/notes", {"note": "n"})
    caseworker.post(f"/invoices/{queued}/send-back", {})
    erp_as("robot").post(f"/invoices/{queued}/manual", {"note": "[NO_GRANT] x"})
    erp_as("okonomi").post(f"/invoices/{queued}/reject", {"reason": "r", "confirm": "ja"})
    assert audited(erp_db) == [
        ("robot", "manual"),
        ("sagsbehandler", "take"),
        ("sagsbehandler", "note"),
        ("sagsbehandler", "send_back"),
        ("robot", "manual"),
        ("okonomi", "reject"),
    ]


def test_the_invoice_page_offers_people_the_contracts_labels_and_the_robot_nothing(
    erp_as: Callable[[str], User], queued: int
) -> None:
    page = erp_as("sagsbehandler").get(f"/invoices/{queued}").text
    for fragment in (
        '<label for="comment">Kommentar</label>',
        '<button type="submit" data-testid="send-back-submit">Send til robotten</button>',
        '<label for="reason">Begrundelse</label>',
        '<label for="reject-confirm">Jeg er klar over, at en afvist faktura ikke kan bogføres</label>',
        '<button type="submit" data-testid="reject-submit">Afvis faktura</button>',
        '<label for="add-note">Notat</label>',
        '<button type="submit" data-testid="add-note-submit">Tilføj notat</button>',
        '<button type="submit" data-testid="take-submit">Tag opgaven</button>',
    ):
        assert fragment in page
    assert 'data-testid="posting-form"' not in page  # a caseworker does not post
    finance = erp_as("okonomi").get(f"/invoices/{queued}").text
    assert 'data-testid="posting-form"' in finance and 'data-testid="reject-form"' in finance
    robot = erp_as("robot").get(f"/invoices/{queued}").text
    assert 'data-testid="handling"' not in robot and 'data-testid="posting-form"' not in robot


def test_the_export_has_rejected_invoices_their_assignee_negative_credits_and_note_authors(
    erp_dir: Path, erp_db: sqlite3.Connection, erp_as: Callable[[str], User], queued: int
) -> None:
    seed_case(erp_dir)
    credit = add_invoice(erp_db, doc_type="credit_note", invoice_number="KN-1")
    finance = erp_as("okonomi")
    finance.post(f"/invoices/{queued}/take", {})
    finance.post(f"/invoices/{queued}/reject", {"reason": "Dobbelt", "confirm": "ja"})
    finance.post(
        f"/invoices/{credit}/post",
        {"psp_1": PSP, "amount_1": "32240.00", "text_1": "Kredit", "remark": "Kreditnota"},
    )
    export_outcome(erp_dir, erp_dir / "out.json")
    exported = {i["id"]: i for i in json.loads((erp_dir / "out.json").read_text())["invoices"]}
    rejected, credited = exported[f"ERP-{queued:06d}"], exported[f"ERP-{credit:06d}"]
    assert (rejected["status"], rejected["assignee"]) == ("rejected", "okonomi")
    assert [n["author"] for n in rejected["notes"]] == ["robot", "okonomi", "okonomi"]
    assert credited["postings"] == [{"psp": PSP, "amount": "-32240.00", "text": "Kredit"}]
    assert credited["assignee"] is None
