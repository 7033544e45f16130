"""The exit codes of `robot run`, for a scheduler and an on-call person (see runbooks/)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    COMPLETED = 0  # every invoice was paid or sent to manual handling (or had been already)
    COMPLETED_WITH_FAULTS = 1  # the run went through, but system faults left invoices for next run
    USAGE = 2  # bad command line or settings
    LOCK_HELD = 3  # another run holds the journal's lock
    SYSTEM_UNAVAILABLE = 4  # the ERP or the case system is down, or refuses the credentials
    MAPPING_UNUSABLE = 5  # the mapping workbook cannot be used at all
    SCREEN_CHANGED = 6  # stopped: an element the robot needs is gone from a screen
