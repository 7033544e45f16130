"""After the robot: caseworkers and finance finish in the stand-ins, in a real browser, what the
robot left, using the contract's labels; the robot's next run does the rest.

- a caseworker adds the provider's new rate (`Ny takst`) and sends an AMOUNT_MISMATCH invoice
  back to the robot (`Send til robotten`): the next run pays it with the split amount;
- a caseworker rejects a duplicate (`Afvis faktura`): it is never posted;
- finance posts a credit note (`Bogfør`): it is posted as a credit;
- finance posts a SAMPLED_FOR_CONTROL invoice from its note and registers the payment.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.robot.conftest import Stage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def _user(stage: Stage, role: str) -> tuple[str, str]:
    users = json.loads((stage.bundle / "users.json").read_text())
    found = next(u for u in users if u["role"] == role)
    return found["username"], found["password"]


def _log_in_if_asked(page: Page, stage: Stage, role: str) -> None:
    if "/login" in page.url:
        username, password = _user(stage, role)
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()


def _open_from_manual_queue(page: Page, stage: Stage, role: str, number: str) -> None:
    """As a person does: the manual queue, searched by invoice number, then the invoice."""
    page.goto(f"{stage.stand_ins.erp_url}/manual")
    _log_in_if_asked(page, stage, role)
    page.get_by_label("Fakturanummer").fill(number)
    page.get_by_role("button", name="Filtrér").click()
    rows = page.get_by_test_id("manual-row")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_test_id("invoice-number")).to_have_text(number)


def _by_code(stage: Stage, code: str) -> tuple[str, dict[str, Any]]:
    return next((k, e) for k, e in stage.expected()["invoices"].items() if e["code"] == code)


def _export(stage: Stage) -> dict[str, dict[str, Any]]:
    return {i["invoice_key"]: i for i in stage.export()["invoices"]}


def test_caseworkers_and_finance_finish_what_the_robot_left(stage: Stage, page: Page) -> None:
    fixed_key, fixed = next((k, e) for k, e in stage.expected()["invoices"].items() if e.get("fix"))
    duplicate_key, _ = _by_code(stage, "DUPLICATE_INVOICE")
    credit_key, _ = _by_code(stage, "CREDIT_NOTE")
    with stage.serving():
        assert stage.run().returncode == 0
        # A caseworker adds the provider's new rate, then sends the invoice back.
        fix = fixed["fix"]
        page.goto(f"{stage.stand_ins.case_url}/grants/{fix['grant_id']}")
        _log_in_if_asked(page, stage, "caseworker")
        page.get_by_label("Ny takst").fill(fix["rate"].replace(".", ","))
        page.get_by_label("Gælder fra").fill(fix["from"])
        page.get_by_role("button", name="Gem takst").click()
        expect(page.get_by_test_id("rate-row")).to_have_count(2)
        _open_from_manual_queue(page, stage, "caseworker", fixed_key.split("/", 1)[1])
        page.get_by_label("Kommentar").fill("Ny takst fra leverandøren er oprettet.")
        page.get_by_role("button", name="Send til robotten").click()
        expect(page.get_by_test_id("status")).to_have_attribute("data-value", "unposted")
        # A caseworker rejects the duplicate.
        _open_from_manual_queue(page, stage, "caseworker", duplicate_key.split("/", 1)[1])
        page.get_by_label("Begrundelse").fill("Kopi af en faktura, der allerede er betalt.")
        page.get_by_label("Jeg er klar over, at en afvist faktura ikke kan bogføres").check()
        page.get_by_role("button", name="Afvis faktura").click()
        expect(page.get_by_test_id("status")).to_have_attribute("data-value", "rejected")
        # Finance posts the credit note by hand: amounts as on the document.
        page.context.clear_cookies()
        _open_from_manual_queue(page, stage, "finance", credit_key.split("/", 1)[1])
        psp = page.get_by_test_id("psp-option").first.get_attribute("data-value")
        amounts = page.get_by_test_id("line-amount").all()
        for n, cell in enumerate(amounts, start=1):
            page.get_by_label(f"PSP-element, linje {n}").fill(psp or "")
            page.get_by_label(f"Beløb, linje {n}").fill(cell.get_attribute("data-value") or "")
            page.get_by_label(f"Linjetekst, linje {n}").fill("Kreditnota")
        page.get_by_label("Bemærkning").fill("Kreditnota modregnet i hånden")
        page.get_by_role("button", name="Bogfør").click()
        expect(page.get_by_test_id("status")).to_have_attribute("data-value", "posted")
        # The robot's next run.
        again = stage.run()
        assert again.returncode == 0, again.stderr
        invoices = _export(stage)
    paid = invoices[fixed_key]
    assert paid["status"] == "posted" and paid["posted_by"] == "robot"
    want = sorted((p["psp"], p["amount"]) for p in fix["then"]["postings"])
    assert sorted((p["psp"], p["amount"]) for p in paid["postings"]) == want
    assert invoices[duplicate_key]["status"] == "rejected"
    assert invoices[duplicate_key]["postings"] == []
    credit = invoices[credit_key]
    assert credit["status"] == "posted"
    assert all(p["amount"].startswith("-") for p in credit["postings"]), credit["postings"]


_LINE = re.compile(r"linje (\d+): PSP (\S+), ([\d.,]+) kr\., tekst »([^«]*)«")
_REMARK = re.compile(r"Bemærkning: »([^«]*)«")
_PAYMENT = re.compile(
    r"bevilling (\S+) i sagssystemet .*?periode (\d\d)\.(\d\d)\.(\d{4})–(\d\d)\.(\d\d)\.(\d{4}), "
    r"([\d.,]+) kr\., fakturareference (\S+)"
)


def test_finance_posts_a_sampled_invoice_from_its_note_and_registers_its_payment(
    stage: Stage, page: Page
) -> None:
    key = next(
        k
        for k, e in stage.expected()["invoices"].items()
        if e["status"] == "posted" and e.get("route") == "grant" and "one_of" not in e
    )
    with stage.serving():
        assert stage.run("--sample-rate", "1").returncode == 0
        _open_from_manual_queue(page, stage, "finance", key.split("/", 1)[1])
        note = page.get_by_test_id("note-text").last.inner_text()
        assert note.startswith("[SAMPLED_FOR_CONTROL]")
        for number, psp, amount, text in _LINE.findall(note):
            page.get_by_label(f"PSP-element, linje {number}").fill(psp)
            page.get_by_label(f"Beløb, linje {number}").fill(amount)
            page.get_by_label(f"Linjetekst, linje {number}").fill(text)
        remark = _REMARK.search(note)
        assert remark is not None
        page.get_by_label("Bemærkning").fill(remark[1])
        page.get_by_role("button", name="Bogfør").click()
        expect(page.get_by_test_id("status")).to_have_attribute("data-value", "posted")
        for found in _PAYMENT.finditer(note):
            grant, d1, m1, y1, d2, m2, y2, amount, reference = found.groups()
            page.goto(f"{stage.stand_ins.case_url}/grants/{grant}")
            _log_in_if_asked(page, stage, "finance")
            page.get_by_label("Periode fra").fill(f"{y1}-{m1}-{d1}")
            page.get_by_label("Periode til").fill(f"{y2}-{m2}-{d2}")
            page.get_by_label("Beløb").fill(amount)
            page.get_by_label("Fakturareference").fill(reference)
            page.get_by_role("button", name="Registrér betaling").click()
            expect(page.get_by_test_id("confirmation")).to_be_visible()
        export = stage.export()
    invoice = next(i for i in export["invoices"] if i["invoice_key"] == key)
    assert invoice["status"] == "posted"
    assert invoice["posted_by"] == _user(stage, "finance")[0]
    want = sorted((p["psp"], p["amount"]) for p in stage.expected()["invoices"][key]["postings"])
    assert sorted((p["psp"], p["amount"]) for p in invoice["postings"]) == want
    registered = [p for p in export["payments"] if p["invoice_ref"] == key]
    assert registered and all(p["registered_by"] == _user(stage, "finance")[0] for p in registered)
