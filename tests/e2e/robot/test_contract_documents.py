"""The contract's example invoices and the real OIOUBL documents written by others, end to end:
each ends with the outcome DOMAIN.md implies."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from robot.domain.psp import MappingRow
from robot.mapping.builder import write_mapping_workbook
from tests.e2e.robot.conftest import Scenario
from tests.e2e.robot.test_run_end_to_end import code_of
from tests.support.contract import CONTRACT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PSP_107 = "XG-5385010001-00007"
PSP_103 = "XG-5385010003-00001"

# What DOMAIN.md implies for each document (file name -> (status, code)).
EXPECTED = {
    "invoice-single.xml": ("posted", None),
    "invoice-collective.xml": ("posted", None),
    "creditnote.xml": ("manual", "CREDIT_NOTE"),
    "gobl-cpr-supplier.xml": ("manual", "INVALID_CVR"),  # supplier identified by CPR, no CVR
    "gobl-credit-note.xml": ("manual", "CREDIT_NOTE"),
    "gobl-happy-path_real.xml": ("manual", "PERIOD_NOT_PAYABLE"),  # no invoice period
    "gobl-negative-rounding_real.xml": ("manual", "CREDIT_NOTE"),
    # Valid CVR and period; the buyer reference "9000000005" is CPR-shaped but no date.
    "gobl-used-invoice_real.xml": ("manual", "INVALID_CPR"),
    "oioubl-2.02-creditnote-official-sample.xml": ("manual", "CREDIT_NOTE"),
    "oioubl-2.02-invoice-official-sample.xml": ("manual", "INVALID_CVR"),  # fails mod-11
    "oioubl-2.1-invoice-official-sample.xml": ("manual", "INVALID_CVR"),
}


def grant(
    grant_id: str, cpr: str, cvr: str, paragraph: str, rate: str, unit: str
) -> dict[str, object]:
    return {
        "grant_id": grant_id,
        "cpr": cpr,
        "provider_cvr": cvr,
        "paragraph": paragraph,
        "service": "Midlertidigt botilbud" if paragraph == "107" else "Beskyttet beskæftigelse",
        "art": "4.0",
        "ownership": "Privat",
        "target_group": "Udviklingshæmmede",
        "rate": rate,
        "rate_unit": unit,
        "hours_per_month": None,
        "valid_from": "2026-01-01",
        "valid_to": None,
        "status": "active",
    }


def contract_bundle(folder: Path) -> Path:
    (folder / "invoices").mkdir(parents=True)
    for name in EXPECTED:
        source = CONTRACT / "examples" / name
        if not source.exists():
            source = CONTRACT / "real-samples" / name
        shutil.copy(source, folder / "invoices" / name)
    citizens = [
        ("0101901234", "Anna Andersen"),
        ("2304851118", "Bo Berg"),
        ("1112990842", "Carla Dahl"),
    ]
    (folder / "case_system.json").write_text(
        json.dumps(
            {
                "citizens": [{"cpr": c, "name": n} for c, n in citizens],
                "providers": [
                    {"cvr": "12345674", "name": "Bostedet Lindely ApS"},
                    {"cvr": "98106871", "name": "Værkstedet Åbrinken"},
                ],
                "grants": [
                    grant("B-1043", "0101901234", "12345674", "107", "1040.00", "day"),
                    grant("B-2001", "2304851118", "98106871", "103", "9650.00", "month"),
                    grant("B-2002", "1112990842", "98106871", "103", "9650.00", "month"),
                ],
                "payments": [],
            }
        )
    )
    (folder / "erp.json").write_text(
        json.dumps(
            {
                "psp_elements": [
                    {"psp": PSP_107, "name": "§107", "open": True},
                    {"psp": PSP_103, "name": "§103", "open": True},
                ],
                "posted_invoices": [],
            }
        )
    )
    (folder / "users.json").write_text(
        json.dumps(
            [
                {"username": "robot", "password": "robot-test-pw", "role": "robot"},
                {"username": "admin", "password": "admin-test-pw", "role": "admin"},
            ]
        )
    )
    write_mapping_workbook(
        folder / "psp_mapping.xlsx",
        [
            MappingRow(
                paragraph="107",
                art="4.0",
                ownership="Privat",
                target_group="Udviklingshæmmede",
                psp=PSP_107,
            ),
            MappingRow(
                paragraph="103",
                art="4.0",
                ownership="Privat",
                target_group="Udviklingshæmmede",
                psp=PSP_103,
            ),
        ],
    )
    (folder / "expected.json").write_text(
        json.dumps(
            {
                "invoices": {},
                "settings": {
                    "today": "2026-11-23",
                    "sample_rate": "0",
                    "approval_limit": "100000.00",
                    "amount_tolerance": "0.00",
                },
            }
        )
    )
    return folder


def test_each_contract_document_ends_with_the_code_domain_implies(
    make_scenario: Callable[..., Scenario], tmp_path: Path
) -> None:
    scenario = make_scenario(contract_bundle(tmp_path / "bundle"))
    result = scenario.run()
    assert result.returncode == 0, result.stderr
    export = scenario.export()
    outcomes = {
        i["invoice_key"] + "#" + i["id"]: (
            i["status"],
            code_of(i) if i["status"] == "manual" else None,
        )
        for i in export["invoices"]
    }
    assert sorted(outcomes.values()) == sorted(EXPECTED.values()), outcomes
    registered = sorted((p["grant_id"], p["amount"]) for p in export["payments"])
    assert registered == [("B-1043", "32240.00"), ("B-2001", "9650.00"), ("B-2002", "9650.00")]
