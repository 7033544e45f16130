"""The robot's one retry policy for system faults: how often, and how long to wait between."""

from __future__ import annotations

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from robot.config import Settings
from robot.errors import ApplicationError, ClaimBusy, SessionExpired, SiteError

_EXPONENTIAL = wait_exponential(multiplier=0.5, max=8)


def _back_off(state: RetryCallState) -> float:
    """No wait after a lost session (logging in again is the cure); back off after faults."""
    error = state.outcome.exception() if state.outcome else None
    return 0.0 if isinstance(error, SessionExpired) else float(_EXPONENTIAL(state))


def _retryable(error: BaseException) -> bool:
    # ClaimBusy is not a fault: the invoice waits in the queue for the other one to finish.
    return isinstance(error, ApplicationError) and not isinstance(error, ClaimBusy)


def retrying(settings: Settings) -> AsyncRetrying:
    """Retry an invoice's work, or a step at a run's start (a login, the inbox), after a
    system fault: `max_attempts` tries, backing off exponentially (at most 8 s)."""
    return AsyncRetrying(
        stop=stop_after_attempt(settings.max_attempts),
        wait=_back_off,
        retry=retry_if_exception(_retryable),
        reraise=True,
    )


def start_up_retrying(settings: Settings) -> AsyncRetrying:
    """The same policy for the start of a run, where only site errors are worth retrying."""
    return AsyncRetrying(
        stop=stop_after_attempt(settings.max_attempts),
        wait=_back_off,
        retry=retry_if_exception(lambda error: isinstance(error, SiteError)),
        reraise=True,
    )
