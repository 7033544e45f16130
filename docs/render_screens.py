"""Screenshots of the stand-ins as a caseworker sees them after a robot run, for docs/.

    .venv/bin/python docs/render_screens.py

Generates and loads a demo bundle, serves both stand-ins on free ports, runs the robot once,
then logs in as the caseworker and saves docs/manual-queue.png (the manual queue) and
docs/invoice-page.png (an invoice the robot sent to manual handling, with its note and the
forms to act on it), and as finance docs/grant-page.png (a grant with its rates and payments).
Not part of the tests; run it again when a screen changes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import BROWSER_FLAGS
from tests.support.stand_ins import run_cli, serving

DOCS = Path(__file__).resolve().parent
BROWSER = os.environ.get("ROBOT_BROWSER_PATH", "/usr/lib/chromium/chromium-headless-shell")


def _log_in(page: Page, users: list[dict[str, str]], role: str) -> None:
    user = next(u for u in users if u["role"] == role)
    page.get_by_label("Brugernavn").fill(user["username"])
    page.get_by_label("Adgangskode").fill(user["password"])
    page.get_by_role("button", name="Log ind").click()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bundle, data = work / "bundle", work / "data"
        assert (
            run_cli("fake-systems", "generate", "--out", str(bundle), "--invoices", "60").returncode
            == 0
        )
        assert run_cli("fake-systems", "load", str(bundle), "--data-dir", str(data)).returncode == 0
        users = json.loads((bundle / "users.json").read_text())
        robot = next(u for u in users if u["role"] == "robot")
        today = json.loads((bundle / "expected.json").read_text())["settings"]["today"]
        with serving(data) as stand_ins:
            env = {
                "ROBOT_ERP_URL": stand_ins.erp_url,
                "ROBOT_CASE_URL": stand_ins.case_url,
                "ROBOT_ERP_USER": robot["username"],
                "ROBOT_ERP_PASSWORD": robot["password"],
                "ROBOT_CASE_USER": robot["username"],
                "ROBOT_CASE_PASSWORD": robot["password"],
                "ROBOT_TODAY": today,
                "ROBOT_SAMPLE_RATE": "0",
                "ROBOT_JOURNAL_DIR": str(work / "journal"),
                "ROBOT_RUNS_DIR": str(work / "runs"),
            }
            run = run_cli("robot", "run", "--mapping", str(bundle / "psp_mapping.xlsx"), env=env)
            assert run.returncode == 0, run.stderr
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=BROWSER, args=BROWSER_FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="da-DK")
                page.goto(f"{stand_ins.erp_url}/manual")
                _log_in(page, users, "caseworker")
                page.screenshot(path=DOCS / "manual-queue.png", full_page=False)
                page.get_by_label("Kode").select_option("AMOUNT_MISMATCH")
                page.get_by_role("button", name="Filtrér").click()
                page.get_by_test_id("manual-row").first.get_by_role("link").first.click()
                page.get_by_role("button", name="Tag opgaven").click()
                page.screenshot(path=DOCS / "invoice-page.png", full_page=True)
                page.context.clear_cookies()
                grant = page.evaluate(
                    "() => (document.querySelector('[data-testid=note-text]')"
                    "?.textContent.match(/bevilling (B-\\\\d+)/) || [])[1] || null"
                )
                page.goto(f"{stand_ins.case_url}/grants/{grant}")
                _log_in(page, users, "finance")
                page.screenshot(path=DOCS / "grant-page.png", full_page=True)
                browser.close()
    for name in ("manual-queue.png", "invoice-page.png", "grant-page.png"):
        print(f"wrote {DOCS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
