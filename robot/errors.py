"""The robot's error families: business errors, application errors and set-up errors."""

from __future__ import annotations

from robot.domain.codes import Code


class RobotError(Exception):
    """Base of every error the robot raises on purpose."""


class BusinessError(RobotError):
    """The data is wrong and a person must act: record it on the work item and move on."""


class ApplicationError(RobotError):
    """A system misbehaved (timeout, 5xx, lost session): retry, in the end leave the item."""


class SetupError(RobotError):
    """The run cannot start until a person fixes its set-up; retrying will not help."""


class MappingUnusable(SetupError):
    """The mapping workbook cannot be used at all (missing, unreadable, no PSP sheet or header).

    The message is one line an admin understands and never contains personal data.
    """


# The ERP's reasons for refusing a write that mean the invoice changed state meanwhile (a
# lost answer, another host, a person): read it again rather than conclude anything.
STATE_CHANGED = frozenset(
    {"already_posted", "in_manual_handling", "duplicate_invoice", "not_unposted", "rejected"}
)
PSP_REFUSED = frozenset({"psp_closed", "psp_unknown"})


class PostingRefused(BusinessError):
    """The ERP refused a posting, for the reasons (its `data-reason` codes) given."""

    def __init__(self, message: str, *, reasons: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons

    @property
    def psp_element(self) -> bool:
        return bool(self.reasons & PSP_REFUSED)

    @property
    def state_changed(self) -> bool:
        return bool(self.reasons & STATE_CHANGED)


class PaymentRefused(BusinessError):
    """The case system refused to register a payment (an overlap or a reference it has)."""


class DeductionRefused(PaymentRefused):
    """The benefits system refused a rent deduction, for the reasons (its `data-reason` codes)
    given: the payout is paid out, the amount is above what is left, the month is deducted."""

    def __init__(self, message: str, *, reasons: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons


class WriteRefused(BusinessError):
    """What a payment would write can no longer be written (read right before the write): an
    order cancelled, a grant ended, a payout paid out. Before anything is written the invoice
    goes to a person with `code` and the Danish `note`; after, it needs a person."""

    def __init__(self, reason: str, *, code: Code, note: str) -> None:
        super().__init__(reason)
        self.code = code
        self.note = note


class NeedsPerson(BusinessError):
    """An invoice is posted, but the case system refuses the payment's registration for a
    reason the robot cannot mend: a person registers it (the grant days stay claimed)."""


class ClaimBusy(ApplicationError):
    """Another invoice holds what this one would pay and is still being paid: decide this one
    again once that one is done (another worker or process is at it now)."""

    def __init__(self, message: str, *, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class SiteError(ApplicationError):
    """A system did not answer as expected: a timeout, an error page, a lost response."""


class SessionExpired(SiteError):
    """A form was answered with the login page even right after logging in again: the session
    died before the write was made.

    Retried at once (no back-off): the next attempt logs in again and reads the state first.
    """


class ScreenChanged(SiteError):
    """A page loaded but an element the robot needs is not on it: the screen has changed."""

    def __init__(self, *, page: str, element: str) -> None:
        super().__init__(f"the {page} has no {element}; the screen may have changed")
        self.page = page
        self.element = element


class SystemUnavailable(SetupError):
    """A system cannot be reached, or refuses the robot's credentials, at the start of a run."""
