"""A refused form on the invoice page says why at the form itself: one error summary, focused on
load, placed in the refused form's own section, each reason about a field tied to that field
(aria-describedby, aria-invalid). The browser side (focus, scrolling) is in tests/e2e."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_invoice

SUMMARY = re.compile(
    r'<div class="form-error" role="alert" tabindex="-1" autofocus id="error-summary"'
    r' data-testid="form-error">(.*?)</div>',
    re.DOTALL,
)
# (form, who, the invoice's status, path, form data, the section's heading id, the fields)
CASES = [
    (
        "Bogfør",
        "okonomi",
        "unposted",
        "post",
        {"psp_1": "", "amount_1": "x", "text_1": "", "remark": ""},
        "post-heading",
        ["psp_1", "amount_1", "text_1", "remark"],
    ),
    ("Send til manuel behandling", "robot", "unposted", "manual", {"note": " "}, "manual-heading", ["note"]),
    ("Send til robotten", "sagsbehandler", "manual", "send-back", {"comment": "x" * 4001}, "send-back-heading", ["comment"]),
    ("Afvis faktura", "sagsbehandler", "manual", "reject", {"reason": ""}, "reject-heading", ["reason", "confirm"]),
    ("Tilføj notat", "sagsbehandler", "manual", "notes", {"note": ""}, "add-note-heading", ["note"]),
]  # fmt: skip


def field_tag(html: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]* name="{name}"[^>]*>', html)
    assert found is not None, name
    return found.group(0)


@pytest.mark.parametrize(
    ("who", "status", "path", "data", "heading", "fields"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_refused_form_shows_its_reasons_at_the_form_each_tied_to_its_field(
    erp_db: sqlite3.Connection,
    erp_as: Callable[[str], User],
    who: str,
    status: str,
    path: str,
    data: dict[str, str],
    heading: str,
    fields: list[str],
) -> None:
    invoice_id = add_invoice(erp_db, status=status)
    html = erp_as(who).post(f"/invoices/{invoice_id}/{path}", data).text
    summaries = list(SUMMARY.finditer(html))
    assert len(summaries) == 1
    summary = summaries[0]
    assert html.index(f'id="{heading}"') < summary.start()  # in the refused form's section ...
    form = html.index("<form", summary.end())
    assert (
        f'action="/invoices/ERP-{invoice_id:06d}/{path}"' in html[form : form + 120]
    )  # ... above it
    reasons = dict(
        re.findall(r'<li id="([^"]+)" data-reason="[^"]+" data-field="([^"]+)"', summary[1])
    )
    assert sorted(reasons.values()) == sorted(fields)
    for name in fields:
        tag = field_tag(html[form:], name)
        assert 'aria-invalid="true"' in tag
        described = re.search(r'aria-describedby="([^"]+)"', tag)
        assert described is not None
        assert [reasons[i] for i in described.group(1).split()] == [name]


def test_a_field_with_a_hint_is_described_by_the_hint_and_its_reasons_in_one_attribute(
    case_as: Callable[[str], User],
) -> None:
    html = (
        case_as("sagsbehandler")
        .post("/grants/B-1043/rates", {"new_rate": "elleve hundrede", "rate_from": "2026-10-15"})
        .text
    )
    tag = field_tag(html, "new_rate")
    assert tag.count("aria-describedby=") == 1
    assert 'aria-invalid="true" aria-describedby="new_rate_hint error-new_rate-1"' in tag
    assert 'aria-describedby="rate_from_hint"' in field_tag(html, "rate_from")  # not refused
