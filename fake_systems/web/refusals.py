"""A refused form: the reasons a person reads in the form, each with a stable reason code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """One reason; `reason` is stable English for programs, `message` Danish for people."""

    reason: str
    message: str
    line_no: int | None = None
    field: str | None = None


class Refused(Exception):
    """The change was not made; the form is shown again with these reasons."""

    def __init__(self, refusals: list[Refusal], *, status_code: int = 422) -> None:
        super().__init__(", ".join(r.reason for r in refusals))
        self.refusals = refusals
        self.status_code = status_code

    @property
    def fields(self) -> set[str]:
        return {r.field for r in self.refusals if r.field}

    def error_id(self, index: int) -> str:
        """The id of the `index`th reason (from 1) in the error summary, for its field to name."""
        field = self.refusals[index - 1].field or "form"
        return f"error-{field}-{index}"

    def described_by(self, field: str) -> str:
        """The ids of the reasons about `field` (its aria-describedby), separated by spaces."""
        return " ".join(
            self.error_id(n) for n, r in enumerate(self.refusals, start=1) if r.field == field
        )


@dataclass(frozen=True)
class FormState:
    """A page's forms: after a refusal, which form was refused, why, and what the user typed."""

    form: str = ""
    refused: Refused | None = None
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def status_code(self) -> int:
        return self.refused.status_code if self.refused else 200

    def context(self) -> dict[str, Any]:
        return {"refused": self.refused, "refused_form": self.form, "values": self.values}


def refuse(
    reason: str, message: str, *, status_code: int = 422, field: str | None = None
) -> Refused:
    return Refused([Refusal(reason, message, field=field)], status_code=status_code)
