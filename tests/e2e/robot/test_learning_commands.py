"""`robot suggest-plans` and `robot backtest` against the ERP stand-in: each reads the history
through the ERP's screens as the robot's user, writes its owner-only workbook into the runs
folder and prints its summary; the proposals are the ground truth's, and no CPR from the
history reaches the console or a workbook."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from robot.privacy import looks_like_birth_date
from tests.e2e.robot.conftest import Scenario
from tests.e2e.robot.test_privacy_scan import artefact_texts, cprs_in_bundle
from tests.support.stand_ins import run_cli

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def _cell(value: object) -> str:
    """A Forslag cell as expected.json writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float):
        return f"{value:.2f}"
    return str(value)


def _history_cprs(bundle: Path) -> set[str]:
    """The CPR numbers on the history's lines (ten digits whose first six are a date; a PSP
    element's middle is ten digits too)."""
    text = (bundle / "erp.json").read_text()
    found = {a + b for a, b in re.findall(r"(?<!\d)(\d{6})[-– /]?(\d{4})(?!\d)", text)}
    return {cpr for cpr in found if looks_like_birth_date(cpr[:6])}


def test_suggest_plans_and_backtest_read_the_erp_and_write_their_workbooks(
    scenario: Scenario,
) -> None:
    expected = scenario.expected()
    mapping = str(scenario.bundle / "psp_mapping.xlsx")
    months = str(expected["settings"]["plan_months"])
    suggested = run_cli(
        "robot", "suggest-plans", "--mapping", mapping, "--months", months,
        env=scenario.env, cwd=scenario.work,
    )  # fmt: skip
    assert suggested.returncode == 0, suggested.stderr
    assert "proposed as payment plans: " in suggested.stdout
    replayed = run_cli(
        "robot", "backtest", "--mapping", mapping, "--learned-limit", "4000",
        env=scenario.env, cwd=scenario.work,
    )  # fmt: skip
    assert replayed.returncode == 0, replayed.stderr
    assert "learned limit DKK 4,000.00" in replayed.stdout
    assert re.search(r"^total +\d+", replayed.stdout, re.MULTILINE), replayed.stdout

    runs = scenario.work / "runs"
    [proposals] = runs.glob("plan-proposals-*.xlsx")
    [backtest] = runs.glob("backtest-*.xlsx")
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in (proposals, backtest))

    book = load_workbook(proposals)
    assert book.sheetnames == ["Forslag", "Ikke foreslået"]
    rows = list(book["Forslag"].iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]][:10]
    found = [dict(zip(headers, map(_cell, row[:10]), strict=True)) for row in rows[1:]]
    key = "{Leverandør-CVR}/{Modtager-EAN}".format
    assert sorted(found, key=lambda r: key(**r)) == sorted(
        expected["plan_proposals"], key=lambda r: key(**r)
    )
    left_out = {f"{r[0]}/{r[2]}" for r in book["Ikke foreslået"].iter_rows(values_only=True)}
    assert set(expected["plan_decoys"]) <= left_out

    months_book = load_workbook(backtest)
    assert months_book.sheetnames[0] == "Oversigt" and len(months_book.sheetnames) == 4

    texts = artefact_texts(runs)
    texts["stdout"] = suggested.stdout + replayed.stdout
    cprs = _history_cprs(scenario.bundle) | cprs_in_bundle(scenario.bundle)
    assert cprs
    for cpr in cprs:
        forms = {cpr, *(f"{cpr[:6]}{sep}{cpr[6:]}" for sep in ("-", " ", "–", "/"))}
        leaks = [name for name, text in texts.items() if any(f in text for f in forms)]
        assert not leaks, f"a CPR appears in {leaks}"
    password = scenario.env["ROBOT_ERP_PASSWORD"]
    assert not [name for name, text in texts.items() if password in text]
