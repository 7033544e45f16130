"""The one Settings object, from the environment (or .env) and a command's options."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from robot.config import Settings

# option name -> Settings field, for options that override a setting
_OVERRIDES = (
    "sample_rate",
    "approval_limit",
    "amount_tolerance",
    "workers",
    "processes",
    "erp_url",
    "case_url",
    "benefits_url",
    "max_invoices",
    "learned_postings",
    "learned_limit",
    "until",
    "today",
    "mapping_paragraphs",
)


def decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def settings_from(args: argparse.Namespace) -> Settings | None:
    """Settings with the command's options applied; None (after one line on stderr) when they
    are bad."""
    overrides = {
        name: getattr(args, name) for name in _OVERRIDES if getattr(args, name, None) is not None
    }
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        print(f"robot: bad settings: {problems}", file=sys.stderr)
        return None
