"""What `robot suggest-plans` and `robot backtest` share: the mapping workbook read, the ERP's
history read through its screens and the line saying what was read, and a failure with its
exit code."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from robot.config import Settings
from robot.domain.mapping_book import MappingBook
from robot.erp.history_read import ErpHistory, read_erp_history
from robot.errors import MappingUnusable, ScreenChanged, SiteError, SystemUnavailable
from robot.exit_codes import ExitCode
from robot.mapping.reader import read_mapping
from robot.mapping.suggest import parse_paragraphs
from robot.privacy import safe_text


class CommandFailed(Exception):
    """The command cannot be done: the exit code and a one-line English reason."""

    def __init__(self, code: ExitCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = safe_text(reason)


def book_from(mapping: Path, settings: Settings) -> MappingBook:
    """The workbook's usable tables (rows with problems left out, as a run leaves them)."""
    try:
        report = read_mapping(mapping, paragraphs=parse_paragraphs(settings.mapping_paragraphs))
    except MappingUnusable as error:
        raise CommandFailed(
            ExitCode.MAPPING_UNUSABLE, f"mapping workbook unusable: {error}"
        ) from None
    return report.book


def history_from(settings: Settings, *, since: date, until: date) -> ErpHistory:
    """Every invoice posted from `since` to `until` and the PSP list, as the robot's ERP user."""
    if not settings.erp_password.get_secret_value():
        raise CommandFailed(
            ExitCode.USAGE,
            "ROBOT_ERP_PASSWORD is not set: the ERP's history is read as the robot's user",
        )
    try:
        return asyncio.run(read_erp_history(settings, since=since, until=until))
    except SystemUnavailable as refused:
        raise CommandFailed(ExitCode.SYSTEM_UNAVAILABLE, str(refused)) from None
    except ScreenChanged as changed:
        raise CommandFailed(ExitCode.SCREEN_CHANGED, f"stopped: {changed}") from None
    except SiteError as down:
        raise CommandFailed(
            ExitCode.SYSTEM_UNAVAILABLE, f"the ERP's history could not be read: {down}"
        ) from None


def kroner(amount: object) -> str:
    """An amount for the English console: ``DKK 1,234.50``."""
    return f"DKK {amount:,.2f}"


def what_was_read(history: ErpHistory, *, since: date, until: date) -> str:
    """The console's first line: how much of the ERP's history was read, and how fast."""
    return (
        f"Read {len(history.bills)} posted invoices ({since.isoformat()} to {until.isoformat()})"
        f" and {len(history.psp_elements)} PSP elements from the ERP in {history.seconds:.1f} s"
    )
