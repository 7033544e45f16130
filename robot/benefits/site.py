"""The benefits system's screens: citizen search and page (rent agreements, payouts, rent
deductions), the agreement page with its deductions, and the payout page with the form that
registers a rent deduction (Registrér huslejetræk)."""

from __future__ import annotations

from urllib.parse import quote

from playwright.async_api import Page

from robot.benefits.reading import agreement_from_row, deduction_from_row, payout_from_row
from robot.domain.benefits import BenefitsCitizen, Deduction, Payout
from robot.errors import DeductionRefused, SiteError
from robot.sites.base import Site
from robot.sites.screen import Snapshot

CITIZEN = "benefits system citizen page"
AGREEMENT = "benefits system agreement page"
PAYOUT = "benefits system payout page"
_AGREEMENTS = {"agreements": "[data-testid=agreement-row]"}
_PAYOUTS = {"payouts": "[data-testid=payout-row]"}
_DEDUCTIONS = {"deductions": "[data-testid=deduction-row]"}
_TABLES = {
    "agreements-table": "table of rent agreements",
    "payouts-table": "table of payouts",
    "deductions-table": "table of rent deductions",
}


class BenefitsSite(Site):
    name = "benefits system"
    key = "benefits"
    answer_groups = {**_PAYOUTS, **_DEDUCTIONS}  # noqa: RUF012 - read-only class default
    answer_wanted = ("payouts-table", "deductions-table", "confirmation", "error-message")

    async def citizen(self, cpr: str) -> BenefitsCitizen | None:
        """The citizen's agreements, payouts and deductions in one read; None when the benefits
        system has no such citizen."""
        # Only read: fetched from the page the robot is on, the citizen's page is not opened.
        snapshot = await self.fetch_screen(
            f"/search?cpr={quote(cpr)}",
            "citizen page",
            groups={**_AGREEMENTS, **_PAYOUTS, **_DEDUCTIONS},
            wanted=("not-found", *_TABLES),
        )
        if snapshot.has("not-found"):
            return None
        for testid, element in _TABLES.items():
            snapshot.require(testid, element)
        return BenefitsCitizen(
            agreements=tuple(
                agreement_from_row(row, cpr=cpr, screen=CITIZEN)
                for row in snapshot.rows("agreements")
            ),
            payouts=tuple(payout_from_row(row, screen=CITIZEN) for row in snapshot.rows("payouts")),
            deductions=tuple(_deductions(snapshot, CITIZEN)),
        )

    async def deductions(self, agreement_id: str) -> list[Deduction]:
        """Every rent deduction under the agreement, by month (its page, only read)."""
        snapshot = await self.fetch_screen(
            f"/agreements/{quote(agreement_id)}",
            "agreement page",
            groups=_DEDUCTIONS,
            wanted=("deductions-table", "error-message"),
        )
        if snapshot.has("error-message") and not snapshot.has("deductions-table"):
            raise SiteError(f"the benefits system shows no rent agreement {agreement_id}")
        return _deductions(snapshot, AGREEMENT)

    async def payout(self, payout_id: str) -> Payout:
        """The payout as it stands now, read on its page (where its deduction form is)."""
        page = await self.goto(f"/payouts/{quote(payout_id)}", screen="payout page")
        return _payout(await self._read_payout(page), payout_id)

    async def register_deduction(self, deduction: Deduction) -> None:
        """Take the month's rent off the payout; DeductionRefused (with the system's reasons)
        when it says no, SiteError when it answers without a confirmation."""
        path = f"/payouts/{quote(deduction.payout_id)}"
        page = await self.page()
        if await self.current_path() != path:
            page = await self.goto(path, screen="payout page")
        # A paid-out payout has no form: say so as the form would, not as a changed screen.
        _still_wanted(await self._read_payout(page), deduction, after_login=False)

        async def recheck(page: Page) -> None:
            """Before submitting again after a new login: the deduction must still be missing."""
            _still_wanted(await self._read_payout(page), deduction, after_login=True)

        answer = await self.fill_and_submit(
            path=path,
            screen="payout page",
            recheck=recheck,
            form="deduction-form",
            fields=[
                ("Aftale", deduction.agreement_id),
                ("Måned", f"{deduction.month:%Y-%m}"),
                ("Beløb", format(deduction.amount, "f")),
                ("Fakturareference", deduction.invoice_ref),
            ],
            button="Registrér træk",
        )
        if answer.errors:
            reasons = frozenset(answer.error_reasons())
            raise DeductionRefused(answer.error_text(), reasons=reasons)
        if not answer.has("confirmation"):
            raise SiteError("the benefits system showed no confirmation after a rent deduction")

    async def _read_payout(self, page: Page) -> Snapshot:
        return await self.read(
            page,
            "payout page",
            groups={**_PAYOUTS, **_DEDUCTIONS},
            wanted=("payouts-table", "deductions-table", "error-message"),
        )


def _deductions(snapshot: Snapshot, screen: str) -> list[Deduction]:
    snapshot.require("deductions-table", "table of rent deductions")
    return [deduction_from_row(row, screen=screen) for row in snapshot.rows("deductions")]


def _payout(snapshot: Snapshot, payout_id: str) -> Payout:
    if snapshot.has("error-message") and not snapshot.has("payouts-table"):
        raise SiteError(f"the benefits system shows no payout {payout_id}")
    snapshot.require("payouts-table", "table of payouts")
    for row in snapshot.rows("payouts"):
        payout = payout_from_row(row, screen=PAYOUT)
        if payout.payout_id == payout_id:
            return payout
    raise SiteError(f"the benefits system's payout page shows no payout {payout_id}")


def _still_wanted(snapshot: Snapshot, deduction: Deduction, *, after_login: bool) -> None:
    """The payout can still take the deduction: planned (else DeductionRefused, as the form
    would say) and, when the robot had to log in again before submitting, without it already."""
    payout = _payout(snapshot, deduction.payout_id)
    if after_login and any(
        d.agreement_id == deduction.agreement_id and d.month == deduction.month
        for d in _deductions(snapshot, PAYOUT)
    ):
        raise SiteError("the rent deduction was registered while the robot logged in again")
    if payout.status != "planlagt":
        message = (
            f"Udbetaling {payout.payout_id} ({payout.month:%m.%Y}) er allerede udbetalt;"
            " der kan ikke trækkes husleje i den."
        )
        raise DeductionRefused(message, reasons=frozenset({"payout_paid_out"}))
