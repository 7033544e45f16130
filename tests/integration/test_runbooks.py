"""The operators' runbooks (install, operations, privacy, going live) say what the program does:
its settings, exit codes, summary words and report sheets, and links that lead somewhere."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.journal.model import Outcome, OutcomeKind, Route
from robot.reporting.figures import compute
from robot.reporting.labels import OUTCOMES
from robot.reporting.run_report import write_run_report
from robot.reporting.workbook import write_success_workbook
from robot.run.summary import _LABELS as SUMMARY_WORDS

RUNBOOKS = Path(__file__).resolve().parents[2] / "runbooks"
OURS = ("README.md", "install.md", "operations.md", "privacy.md", "going-live.md")
# Settings for tests and tuning only: install.md tells operators to leave them unset.
NOT_FOR_OPERATORS = {
    "today",
    "crash_after_step",
    "pause_after_step",
    "sample_seed",
    "headless",
    "restart_context_after",
    "screen_change_limit",
    "recycle_contexts_every",
}
LINK = re.compile(r"\]\((?P<file>[^)#\s:]*)(?:#(?P<anchor>[^)\s]+))?\)")


def read(name: str) -> str:
    return (RUNBOOKS / name).read_text(encoding="utf-8")


def anchors(markdown: str) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them."""
    found = set()
    for line in markdown.splitlines():
        if match := re.match(r"#{1,6} (.+)", line):
            text = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower())
            found.add(text.replace(" ", "-"))
    return found


def section(markdown: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of that level."""
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def test_install_lists_every_setting_an_operator_may_set() -> None:
    text = read("install.md")
    wanted = set(Settings.model_fields) - NOT_FOR_OPERATORS
    missing = [name for name in sorted(wanted) if f"`ROBOT_{name.upper()}" not in text]
    assert missing == []


def test_every_setting_the_runbooks_name_is_one_the_robot_reads() -> None:
    known = {f"ROBOT_{name.upper()}" for name in Settings.model_fields}
    for name in OURS:
        named = set(re.findall(r"\bROBOT_[A-Z_]+[A-Z]\b", read(name)))
        assert named - known == set(), name


def test_operations_has_one_row_for_every_exit_code() -> None:
    table = section(read("operations.md"), "Exit codes")
    rows = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    assert rows == {int(code) for code in ExitCode}


def test_operations_explains_every_word_of_the_summary_line() -> None:
    text = read("operations.md")
    for word in ("paid", "manual", *SUMMARY_WORDS.values()):
        assert f"**{word}**" in text, word


def test_operations_names_every_sheet_of_the_run_report(tmp_path: Path) -> None:
    def outcome(erp_id: str, kind: OutcomeKind, **more: object) -> Outcome:
        return Outcome(
            erp_id=erp_id,
            outcome=kind,
            invoice_key="12345674/INV-1",
            route=Route.GRANT,
            amount=Decimal("100.00"),
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 31),
            **more,  # type: ignore[arg-type]
        )

    path = write_run_report(
        tmp_path / "report.xlsx",
        outcomes=[
            outcome("ERP-1", OutcomeKind.PAID, came_back=True),
            outcome("ERP-2", OutcomeKind.NEEDS_PERSON),
            outcome("ERP-3", OutcomeKind.FAILED, error="503"),
        ],
        run_info=[("Kørsel", "20261123T020000Z-ab12")],
        mapping_problems=["Fejl i ark 'PSP', række 3"],
    )
    sheets = load_workbook(path).sheetnames
    assert len(sheets) == 5  # every optional sheet is there
    text = read("operations.md")
    assert [name for name in sheets if f"**{name}**" not in text] == []


def test_operations_names_every_sheet_of_robot_report(tmp_path: Path) -> None:
    path = write_success_workbook(tmp_path / "success.xlsx", compute([], []))
    text = read("operations.md")
    assert [name for name in load_workbook(path).sheetnames if f"**{name}**" not in text] == []


def test_going_live_quotes_each_outcome_of_the_report_as_the_report_writes_it() -> None:
    text = read("going-live.md")
    for kind in (
        OutcomeKind.WOULD_PAY,
        OutcomeKind.WOULD_NOTE,
        OutcomeKind.FAILED,
        OutcomeKind.PAID,
        OutcomeKind.MANUAL,
        OutcomeKind.NEEDS_PERSON,
    ):
        assert f"`{OUTCOMES[kind]}`" in text, kind


def test_links_from_and_into_these_runbooks_lead_to_a_page_and_heading() -> None:
    broken = []
    for page in sorted(RUNBOOKS.glob("*.md")):
        for match in LINK.finditer(page.read_text(encoding="utf-8")):
            target, anchor = match["file"], match["anchor"]
            goes_to = (RUNBOOKS / target).resolve() if target else page
            if page.name not in OURS and goes_to.name not in OURS:
                continue  # another team's page and link
            if not goes_to.exists() or (
                anchor
                and goes_to.suffix == ".md"
                and anchor not in anchors(goes_to.read_text(encoding="utf-8"))
            ):
                broken.append(f"{page.name}: {match.group(0)}")
    assert broken == []
