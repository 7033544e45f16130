"""Doctors' certificate orders (contract section 10): listed on the citizen page, paid at most
once on the order page, ordered and cancelled by caseworkers, loaded and exported."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from fake_systems.bundle.export import export_orders, export_outcome
from fake_systems.bundle.load import load_bundle
from fake_systems.bundle.models import BundleError
from fake_systems.case_system import orders
from fake_systems.db import CASE_DB, connect
from fake_systems.web.refusals import Refused
from tests.integration.fake_systems.conftest import User
from tests.support.case_builders import add_order, cells

PAY = {"amount": "1250.00", "invoice_ref": "12345674/F-77"}
ORDER = {"doctor_cvr": "12345674", "certificate_type": "LÆ 265", "ordered_on": "2026-11-02"}


def reasons(response: httpx.Response) -> list[str]:
    return re.findall(r'data-reason="([a-z_]+)"', response.text)


def status(conn: sqlite3.Connection, order_id: str = "O-2041") -> str:
    return str(
        conn.execute("SELECT status FROM orders WHERE order_id = ?", (order_id,)).fetchone()[0]
    )


def test_the_orders_table_is_there_when_the_citizen_has_no_orders(
    case_as: Callable[[str], User],
) -> None:
    page = case_as("robot").get("/citizens/0101901234").text
    assert 'data-testid="orders-table"' in page
    assert 'data-testid="order-row"' not in page
    assert 'data-testid="orders-empty"' in page


def test_the_citizen_page_lists_each_order_with_every_cell(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    add_order(
        case_db, order_id="O-2040", status="paid", amount="1250.00", invoice_ref="12345674/F-1"
    )
    page = case_as("robot").get("/citizens/0101901234").text
    assert re.findall(r'data-testid="order-row" data-order-id="([^"]+)"', page) == [
        "O-2040",
        "O-2041",
    ]
    assert '<a href="/orders/O-2041">O-2041</a>' in page
    assert cells(page, "order-id")[1][0] == "O-2041"
    assert cells(page, "order-doctor-cvr") == [("12345674", "12345674")] * 2
    assert cells(page, "order-type")[1] == ("LÆ 265", "LÆ 265")
    assert cells(page, "order-ordered-on")[1] == ("2026-10-02", "02.10.2026")
    assert cells(page, "order-status") == [("paid", "Betalt"), ("open", "Åben")]
    assert cells(page, "order-amount") == [("1250.00", "1.250,00"), ("", "")]
    assert cells(page, "order-invoice-ref") == [("12345674/F-1", "12345674/F-1"), ("", "")]


def test_the_order_page_offers_the_payment_form_while_the_order_is_open(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    page = case_as("robot").get("/orders/O-2041").text
    assert 'data-testid="order-payment-form"' in page
    assert '<label for="amount">Beløb</label>' in page
    assert '<label for="invoice_ref">Fakturareference</label>' in page
    assert ">Registrér betaling</button>" in page
    assert cells(page, "order-status") == [("open", "Åben")]


def test_the_robot_registers_an_orders_payment_and_it_becomes_paid(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    robot = case_as("robot")
    response = robot.post("/orders/O-2041/payment", PAY)
    assert response.status_code == 303
    page = robot.get(response.headers["location"]).text
    assert 'data-testid="confirmation"' in page
    assert "Betaling registreret på bestilling O-2041: 1.250,00 kr." in page
    assert 'data-testid="order-payment-form"' not in page
    assert cells(page, "order-status") == [("paid", "Betalt")]
    assert cells(page, "order-invoice-ref") == [("12345674/F-77", "12345674/F-77")]
    row = case_db.execute("SELECT amount, invoice_ref, registered_by FROM orders").fetchone()
    assert tuple(row) == ("1250.00", "12345674/F-77", "robot")
    audit = case_db.execute("SELECT username, detail FROM audit WHERE action = 'order_payment'")
    assert tuple(audit.fetchone()) == ("robot", "1250.00; ref 12345674/F-77")


def test_a_second_payment_is_refused_with_a_reason(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    robot = case_as("robot")
    robot.post("/orders/O-2041/payment", PAY)
    response = robot.post("/orders/O-2041/payment", PAY | {"invoice_ref": "12345674/F-78"})
    assert response.status_code == 409
    assert re.search(
        r'data-testid="form-error">.*<li [^>]*data-reason="order_already_paid"',
        response.text,
        re.DOTALL,
    )
    assert (
        "Bestilling O-2041 er allerede betalt (1.250,00 kr., fakturareference 12345674/F-77)"
        in response.text
    )
    assert case_db.execute("SELECT invoice_ref FROM orders").fetchone()[0] == "12345674/F-77"


def test_a_cancelled_order_cannot_be_paid(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db, status="cancelled")
    response = case_as("robot").post("/orders/O-2041/payment", PAY)
    assert response.status_code == 409
    assert reasons(response) == ["order_cancelled"]
    assert status(case_db) == "cancelled"


def test_one_invoice_reference_pays_one_order_only(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    add_order(case_db, order_id="O-2042")
    robot = case_as("robot")
    robot.post("/orders/O-2041/payment", PAY)
    response = robot.post("/orders/O-2042/payment", PAY)
    assert response.status_code == 409
    assert reasons(response) == ["duplicate_invoice_ref"]
    assert status(case_db, "O-2042") == "open"


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        (PAY | {"amount": "0"}, "amount_not_positive"),
        (PAY | {"amount": "12,505"}, "amount_format"),
        (PAY | {"invoice_ref": " "}, "invoice_ref_missing"),
        (PAY | {"invoice_ref": "F-77\r\nX"}, "invoice_ref_control"),
    ],
)
def test_a_wrong_payment_is_refused_and_the_order_stays_open(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], form: dict[str, str], reason: str
) -> None:
    add_order(case_db)
    response = case_as("robot").post("/orders/O-2041/payment", form)
    assert response.status_code == 422
    assert reasons(response) == [reason]
    assert status(case_db) == "open"
    refused = case_db.execute("SELECT detail FROM audit WHERE action = 'order_payment_refused'")
    assert refused.fetchone()[0] == reason


def test_two_concurrent_payments_pay_the_order_once(
    case_dir: Path, case_db: sqlite3.Connection
) -> None:
    add_order(case_db)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def pay(n: int) -> None:
        conn = connect(case_dir / CASE_DB)
        try:
            start.wait()
            payment = orders.OrderPayment(amount=Decimal("1250.00"), invoice_ref=f"ref-{n}")
            orders.register_order_payment(
                conn, order_id="O-2041", payment=payment, username="robot"
            )
            outcomes.append("paid")
        except Refused as refused:
            outcomes.append(str(refused))
        finally:
            conn.close()

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["order_already_paid"] * 3 + ["paid"]


def test_an_unknown_order_is_a_friendly_404(case_as: Callable[[str], User]) -> None:
    response = case_as("robot").get("/orders/O-9")
    assert response.status_code == 404
    assert "Bestilling O-9 findes ikke." in response.text
    assert case_as("robot").post("/orders/O-9/payment", PAY).status_code == 404


# ---------------------------------------------------------------- caseworkers order and cancel


def test_the_order_form_has_the_contract_labels_and_button(case_as: Callable[[str], User]) -> None:
    page = case_as("sagsbehandler").get("/citizens/0101901234").text
    for field, label in (
        ("doctor_cvr", "Læge (CVR)"),
        ("certificate_type", "Erklæringstype"),
        ("ordered_on", "Bestilt den"),
    ):
        assert f'<label for="{field}">{label}</label>' in page
    assert 'data-testid="order-submit">Bestil lægeerklæring</button>' in page


def test_a_caseworker_orders_a_certificate_with_a_new_id(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    add_order(case_db, order_id="O-7")
    add_order(case_db, order_id="ERKL-99999")
    caseworker = case_as("sagsbehandler")
    response = caseworker.post(
        "/citizens/010190-1234/orders", ORDER | {"doctor_cvr": "DK 1234 5674"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/orders/O-2042?done=created"
    page = caseworker.get(response.headers["location"]).text
    assert "Lægeerklæringen er bestilt." in page
    row = case_db.execute(
        "SELECT cpr, doctor_cvr, certificate_type, ordered_on, status, created_by FROM orders"
        " WHERE order_id = 'O-2042'"
    ).fetchone()
    assert tuple(row) == ("0101901234", "12345674", "LÆ 265", "2026-11-02", "open", "sagsbehandler")
    audit = case_db.execute("SELECT username, object FROM audit WHERE action = 'order_create'")
    assert tuple(audit.fetchone()) == ("sagsbehandler", "O-2042")


def test_the_first_order_is_o_1(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    response = case_as("admin").post("/citizens/0101901234/orders", ORDER)
    assert response.headers["location"].startswith("/orders/O-1?")


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        (ORDER | {"doctor_cvr": "12345675"}, "cvr_invalid"),
        (ORDER | {"doctor_cvr": "1234567"}, "cvr_invalid"),
        (ORDER | {"certificate_type": "  "}, "certificate_type_invalid"),
        (ORDER | {"certificate_type": "L" * 41}, "certificate_type_invalid"),
        (ORDER | {"ordered_on": ""}, "ordered_on_missing"),
        (ORDER | {"ordered_on": "2026-13-01"}, "date_format"),
    ],
)
def test_a_wrong_order_is_refused_on_the_citizen_page(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], form: dict[str, str], reason: str
) -> None:
    response = case_as("sagsbehandler").post("/citizens/0101901234/orders", form)
    assert response.status_code == 422
    assert reasons(response) == [reason]
    assert 'data-testid="citizen-name"' in response.text
    assert case_db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 0


def test_an_order_for_an_unknown_citizen_is_a_404(case_as: Callable[[str], User]) -> None:
    assert case_as("sagsbehandler").post("/citizens/3112999999/orders", ORDER).status_code == 404


def test_a_caseworker_cancels_an_open_order(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    caseworker = case_as("sagsbehandler")
    assert ">Annullér bestilling</button>" in caseworker.get("/orders/O-2041").text
    response = caseworker.post("/orders/O-2041/cancel", {"confirm": "ja"})
    assert response.status_code == 303
    page = caseworker.get(response.headers["location"]).text
    assert "Bestillingen er annulleret." in page
    assert ">Annullér bestilling</button>" not in page
    assert status(case_db) == "cancelled"
    audit = case_db.execute("SELECT username, object FROM audit WHERE action = 'order_cancel'")
    assert tuple(audit.fetchone()) == ("sagsbehandler", "O-2041")


def test_cancelling_needs_the_confirmation_that_it_cannot_be_undone_checked_by_the_server(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_order(case_db)
    caseworker = case_as("sagsbehandler")
    label = "Jeg er klar over, at en annulleret bestilling ikke kan betales"
    assert f'<label for="cancel-confirm">{label}</label>' in caseworker.get("/orders/O-2041").text
    response = caseworker.post("/orders/O-2041/cancel", {})
    assert response.status_code == 422
    assert reasons(response) == ["confirmation_missing"]
    assert f"Sæt kryds ved »{label}«" in response.text
    assert 'aria-invalid="true" aria-describedby="error-confirm-1"' in response.text
    assert status(case_db) == "open"


@pytest.mark.parametrize(
    ("state", "reason"), [("paid", "order_already_paid"), ("cancelled", "order_cancelled")]
)
def test_only_an_open_order_can_be_cancelled(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], state: str, reason: str
) -> None:
    add_order(case_db, status=state)
    response = case_as("sagsbehandler").post("/orders/O-2041/cancel", {"confirm": "ja"})
    assert response.status_code == 409
    assert reasons(response) == [reason]
    assert status(case_db) == state


# ---------------------------------------------------------------- the bundle


def write_bundle(bundle: Path, orders_: list[dict[str, str]]) -> Path:
    bundle.mkdir(exist_ok=True)
    case = {"citizens": [{"cpr": "0101901234", "name": "Anna"}], "orders": orders_}
    (bundle / "case_system.json").write_text(json.dumps(case), encoding="utf-8")
    (bundle / "erp.json").write_text("{}", encoding="utf-8")
    return bundle


CONTRACT_ORDER = {
    "order_id": "O-2041",
    "cpr": "0101901234",
    "doctor_cvr": "12345674",
    "certificate_type": "LÆ 265",
    "ordered_on": "2026-10-02",
    "status": "open",
}


def test_load_reads_the_orders_and_export_lists_the_paid_ones(tmp_path: Path) -> None:
    paid = CONTRACT_ORDER | {
        "order_id": "O-2040",
        "status": "paid",
        "amount": "1250",
        "invoice_ref": "R-1",
    }
    load_bundle(write_bundle(tmp_path / "b", [CONTRACT_ORDER, paid]), tmp_path / "data")
    conn = connect(tmp_path / "data" / CASE_DB)
    rows = conn.execute("SELECT order_id, status, amount FROM orders ORDER BY order_id").fetchall()
    assert [tuple(r) for r in rows] == [("O-2040", "paid", "1250.00"), ("O-2041", "open", None)]
    orders.register_order_payment(
        conn,
        order_id="O-2041",
        payment=orders.OrderPayment(Decimal("980.00"), "12345674/F-9"),
        username="robot",
    )
    export_outcome(tmp_path / "data", tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported["orders"] == [
        {
            "order_id": "O-2040",
            "status": "paid",
            "amount": "1250.00",
            "invoice_ref": "R-1",
            "registered_by": "import",
        },
        {
            "order_id": "O-2041",
            "status": "paid",
            "amount": "980.00",
            "invoice_ref": "12345674/F-9",
            "registered_by": "robot",
        },
    ]


def test_the_export_leaves_out_open_and_cancelled_orders(case_db: sqlite3.Connection) -> None:
    add_order(case_db)
    add_order(case_db, order_id="O-2042", status="cancelled")
    assert export_orders(case_db) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"doctor_cvr": "1234567"}, "orders/0/doctor_cvr"),
        ({"status": "sent"}, "orders/0/status"),
        ({"ordered_on": "02.10.2026"}, "orders/0/ordered_on"),
        ({"cpr": "0202020202"}, "inconsistent data"),
    ],
)
def test_load_refuses_a_wrong_order_naming_the_place(
    tmp_path: Path, change: dict[str, str], problem: str
) -> None:
    with pytest.raises(BundleError, match=problem):
        load_bundle(write_bundle(tmp_path / "b", [CONTRACT_ORDER | change]), tmp_path / "data")
