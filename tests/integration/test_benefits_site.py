"""The robot's page object for the benefits system, in a real browser against the stand-in:
reading a citizen in one call, the deductions under an agreement, and registering a rent
deduction (refusals raise DeductionRefused with the system's reasons and write nothing)."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.async_api import BrowserContext, async_playwright
from pydantic import SecretStr

from fake_systems.benefits.app import create_app
from fake_systems.db import BENEFITS_DB, connect
from robot.benefits.site import BenefitsSite
from robot.browser import launch, new_context
from robot.config import Settings
from robot.domain.benefits import BenefitsCitizen, Deduction, Payout, RentAgreement
from robot.errors import DeductionRefused, SiteError
from robot.ports import BenefitsSystem
from tests.support.app_server import serving_app
from tests.support.benefits_builders import LANDLORD_CVR, add_agreement, seed_benefits
from tests.support.run_async import run_async
from tests.support.stand_in_builders import CPR, PASSWORD

pytestmark = pytest.mark.browser
T = TypeVar("T")
DECEMBER = Deduction(
    payout_id="U-7001",
    agreement_id="HA-3001",
    month=date(2026, 12, 1),
    amount=Decimal("5200.00"),
    invoice_ref="29403473/F-1002",
)


@dataclass(frozen=True)
class Served:
    url: str
    data_dir: Path

    def deductions(self) -> list[tuple[str, ...]]:
        conn = connect(self.data_dir / BENEFITS_DB)
        try:
            rows = conn.execute(
                "SELECT payout_id, agreement_id, month, amount, invoice_ref, registered_by"
                " FROM deductions ORDER BY id"
            )
            return [tuple(row) for row in rows]
        finally:
            conn.close()

    def db(self) -> sqlite3.Connection:
        return connect(self.data_dir / BENEFITS_DB)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    seed_benefits(tmp_path)
    with serving_app(create_app(tmp_path)) as url:
        yield Served(url, tmp_path)


def with_site(served: Served, act: Callable[[BenefitsSite, BrowserContext], Awaitable[T]]) -> T:
    """Runs `act` with a logged-in page object in a fresh browser, as a robot worker has it."""

    async def run() -> T:
        settings = Settings(timeout_ms=10_000)
        async with async_playwright() as playwright:
            browser = await launch(playwright, settings)
            try:
                context = await new_context(browser, settings)
                site = BenefitsSite(
                    context, base_url=served.url, user="robot", password=SecretStr(PASSWORD)
                )
                await site.login()
                return await act(site, context)
            finally:
                await browser.close()

    return run_async(run())


def _fits_the_port(site: BenefitsSite) -> BenefitsSystem:
    """Not a test: mypy checks here that the page object has the port's methods."""
    return site


def test_a_citizen_is_read_with_agreements_payouts_and_deductions(served: Served) -> None:
    async def act(site: BenefitsSite, _: BrowserContext) -> BenefitsCitizen | None:
        return await site.citizen(CPR)

    citizen = with_site(served, act)
    assert citizen is not None
    assert citizen.agreements == (
        RentAgreement(
            agreement_id="HA-3001",
            cpr=CPR,
            landlord_cvr=LANDLORD_CVR,
            landlord_name="Boligselskabet Fjordbo",
            address="Fjordvej 3, 2. th",
            rent=Decimal("5200.00"),
            valid_from=date(2026, 1, 1),
            valid_to=None,
        ),
    )
    assert citizen.payouts == (
        Payout(
            payout_id="U-7001",
            month=date(2026, 12, 1),
            benefit="kontanthjælp",
            amount=Decimal("12450.00"),
            deducted=Decimal("0.00"),
            status="planlagt",
        ),
        Payout(
            payout_id="U-6901",
            month=date(2026, 11, 1),
            benefit="kontanthjælp",
            amount=Decimal("12450.00"),
            deducted=Decimal("5200.00"),
            status="udbetalt",
        ),
    )
    assert citizen.payouts[1].left == Decimal("7250.00")
    assert citizen.deductions == (
        Deduction(
            payout_id="U-6901",
            agreement_id="HA-3001",
            month=date(2026, 11, 1),
            amount=Decimal("5200.00"),
            invoice_ref="F-1001",
        ),
    )


def test_an_unknown_cpr_gives_none(served: Served) -> None:
    async def act(site: BenefitsSite, _: BrowserContext) -> object:
        return await site.citizen("3112999999")

    assert with_site(served, act) is None


def test_a_deduction_is_registered_and_read_back(served: Served) -> None:
    async def act(
        site: BenefitsSite, _: BrowserContext
    ) -> tuple[BenefitsCitizen | None, list[Deduction]]:
        await site.register_deduction(DECEMBER)
        citizen = await site.citizen(CPR)
        return citizen, await site.deductions("HA-3001")

    citizen, under_agreement = with_site(served, act)
    assert served.deductions()[-1] == (
        "U-7001",
        "HA-3001",
        "2026-12",
        "5200.00",
        "29403473/F-1002",
        "robot",
    )
    assert citizen is not None
    assert [p.left for p in citizen.payouts] == [Decimal("7250.00"), Decimal("7250.00")]
    assert under_agreement == [
        Deduction(
            payout_id="U-6901",
            agreement_id="HA-3001",
            month=date(2026, 11, 1),
            amount=Decimal("5200.00"),
            invoice_ref="F-1001",
        ),
        DECEMBER,
    ]


@pytest.mark.parametrize(
    ("deduction", "reasons"),
    [
        (
            Deduction(
                payout_id="U-7001",
                agreement_id="HA-3001",
                month=date(2026, 12, 1),
                amount=Decimal("12450.01"),
                invoice_ref="F-2",
            ),
            {"amount_above_left"},
        ),
        (
            Deduction(
                payout_id="U-7001",
                agreement_id="HA-3002",
                month=date(2026, 11, 1),
                amount=Decimal("100"),
                invoice_ref="F-2",
            ),
            {"agreement_not_citizens", "month_mismatch"},
        ),
    ],
    ids=["above-what-is-left", "another-citizens-agreement-and-month"],
)
def test_a_refusal_raises_deduction_refused_with_its_reasons_and_writes_nothing(
    served: Served, deduction: Deduction, reasons: set[str]
) -> None:
    before = served.deductions()

    async def act(site: BenefitsSite, _: BrowserContext) -> DeductionRefused:
        with pytest.raises(DeductionRefused) as refused:
            await site.register_deduction(deduction)
        return refused.value

    refused = with_site(served, act)
    assert refused.reasons == frozenset(reasons)
    assert "Beløbet" in refused.message or "anden borger" in refused.message
    assert served.deductions() == before


def test_a_month_already_deducted_is_refused_with_its_reason(served: Served) -> None:
    conn = served.db()
    try:
        add_agreement(conn, agreement_id="HA-3004", landlord_name="Garager A/S")
    finally:
        conn.close()

    async def act(site: BenefitsSite, _: BrowserContext) -> frozenset[str]:
        await site.register_deduction(DECEMBER)
        with pytest.raises(DeductionRefused) as refused:
            await site.register_deduction(DECEMBER)
        return refused.value.reasons

    assert with_site(served, act) == {"month_already_deducted"}
    assert len(served.deductions()) == 2


def test_a_paid_out_payout_is_refused_before_any_form_is_sent(served: Served) -> None:
    paid_out = Deduction(
        payout_id="U-6901",
        agreement_id="HA-3001",
        month=date(2026, 11, 1),
        amount=Decimal("1.00"),
        invoice_ref="F-3",
    )

    async def act(site: BenefitsSite, _: BrowserContext) -> frozenset[str]:
        with pytest.raises(DeductionRefused) as refused:
            await site.register_deduction(paid_out)
        return refused.value.reasons

    assert with_site(served, act) == {"payout_paid_out"}
    assert len(served.deductions()) == 1


@pytest.mark.parametrize("registered_meanwhile", [False, True])
def test_a_deduction_answered_with_the_login_page_is_registered_once(
    served: Served, registered_meanwhile: bool
) -> None:
    async def act(site: BenefitsSite, context: BrowserContext) -> Exception | None:
        await site.goto("/payouts/U-7001", screen="payout page")  # on the page with the form
        await context.clear_cookies()  # the session dies before the robot submits
        if registered_meanwhile:
            other = BenefitsSite(
                context, base_url=served.url, user="robot", password=SecretStr(PASSWORD)
            )
            await other.login()
            await other.register_deduction(DECEMBER)
            await context.clear_cookies()
        try:
            await site.register_deduction(DECEMBER)
        except SiteError as error:
            return error
        return None

    error = with_site(served, act)
    if registered_meanwhile:
        assert error is not None and "registered while the robot logged in again" in str(error)
    else:
        assert error is None
    assert [row[4] for row in served.deductions()] == ["F-1001", "29403473/F-1002"]


def test_an_unknown_agreement_is_a_site_error(served: Served) -> None:
    async def act(site: BenefitsSite, _: BrowserContext) -> str:
        with pytest.raises(SiteError) as error:
            await site.deductions("HA-9")
        return str(error.value)

    assert with_site(served, act) == "the benefits system shows no rent agreement HA-9"
