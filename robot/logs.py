"""structlog set-up: one configuration for the whole robot, CPR masked in every event."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, TextIO

import structlog

from robot.privacy import safe_text


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_mask(v) for v in value)
    return value


def mask_processor(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Mask CPR numbers and escape control and direction characters in every value, including
    exception text rendered earlier in the chain."""
    for key, value in list(event_dict.items()):
        event_dict[key] = _mask(value) if not isinstance(value, BaseException) else value
    return event_dict


class _Tee:
    """Writes JSON lines to the run's log file and readable lines to the console."""

    def __init__(self, json_file: TextIO | None, console: TextIO, console_level: int) -> None:
        self._json_file = json_file
        self._console = console
        self._console_level = console_level
        self._json = structlog.processors.JSONRenderer(ensure_ascii=False)
        self._pretty = structlog.dev.ConsoleRenderer(colors=console.isatty())

    def __call__(self, logger: Any, method: str, event_dict: MutableMapping[str, Any]) -> str:
        if self._json_file is not None:
            self._json_file.write(str(self._json(logger, method, dict(event_dict))) + "\n")
            self._json_file.flush()
        level = logging.getLevelName(method.upper())
        if isinstance(level, int) and level >= self._console_level:
            return str(self._pretty(logger, method, event_dict))
        raise structlog.DropEvent


def configure(
    *,
    log_file: Path | None = None,
    console: TextIO | None = None,
    verbose: bool = False,
    console_level: str = "info",
) -> None:
    """Configure logging once: JSON lines to `log_file`, readable lines on stderr."""
    json_file = log_file.open("a", encoding="utf-8") if log_file else None
    out = console or sys.stderr
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            mask_processor,
            _Tee(
                json_file,
                out,
                logging.DEBUG if verbose else logging.getLevelName(console_level.upper()),
            ),
        ],
        logger_factory=structlog.PrintLoggerFactory(out),
        cache_logger_on_first_use=False,
    )
