"""The robot's error families: business errors, application errors and set-up errors."""

from __future__ import annotations


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


class PostingRefused(BusinessError):
    """The ERP refused a posting; `psp_element` is set when it refused the PSP element."""

    def __init__(self, message: str, *, psp_element: bool) -> None:
        super().__init__(message)
        self.message = message
        self.psp_element = psp_element


class PaymentRefused(BusinessError):
    """The case system refused to register a payment (an overlap or a reference it has)."""


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
