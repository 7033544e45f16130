"""`robot validate-mapping` with the systems' answers (fakes of the case system's keys and the
ERP's PSP elements): near misses named, unused keys on one line, unknown and closed PSP
elements in every sheet; a system that cannot be asked is said on stderr."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from robot.cli import main
from robot.cli import validate as command
from robot.config import Settings
from robot.errors import SystemUnavailable
from robot.mapping.builder import write_mapping_workbook

JAN_1 = date(2026, 1, 1)
OPEN, CLOSED = "XG-5385010001-00007", "XG-5386100001-00026"
GRANT_KEYS = {("107", "4.0", "Privat", "Udviklingshæmmede")}


def workbook(tmp_path: Path) -> Path:
    rows: list[list[object]] = [
        ["107", "4.0", "Privat", "Udviklingshæmmede", OPEN, JAN_1],
        ["107", "4.0", "Privat", "Udviklingshaemmede", OPEN, JAN_1],
        *[["103", "2.0", "Regional", f"Gruppe {n}", OPEN, JAN_1] for n in range(6)],
    ]
    landlords = [["29403473", "Fjordbo", "XG-5387100001-00026", 10, JAN_1, None, ""]]
    plans = [["29403473", "5798000012349", None, None, "måned", CLOSED, "Husleje", JAN_1, None, ""]]
    return write_mapping_workbook(tmp_path / "m.xlsx", rows, plans=plans, landlords=landlords)


def answering(
    monkeypatch: pytest.MonkeyPatch,
    *,
    keys: object = GRANT_KEYS,
    elements: object = None,
) -> None:
    monkeypatch.setenv("ROBOT_CASE_PASSWORD", "secret")
    monkeypatch.setenv("ROBOT_ERP_PASSWORD", "secret")
    erp = {OPEN: True, CLOSED: False} if elements is None else elements

    def fake(answer: object) -> Callable[[Settings], object]:
        async def ask(settings: Settings) -> object:
            if isinstance(answer, Exception):
                raise answer
            return answer

        return ask

    monkeypatch.setattr(command, "_keys", fake(keys))
    monkeypatch.setattr(command, "_erp_elements", fake(erp))


def test_errors_and_near_misses_come_one_by_one_and_unused_keys_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answering(monkeypatch)
    path = workbook(tmp_path)
    assert main(["validate-mapping", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [
        "Advarsel i ark 'Betalingsplaner', række 2, kolonne F (PSP-element)",
        "Fejl i ark 'Udlejere', række 2, kolonne C (PSP-element)",
        "Advarsel i ark 'PSP', række 3, kolonne D (Målgruppe)",
    ]
    assert f"PSP-elementet {CLOSED} er lukket i ERP'et (række 2)" in lines[0]
    assert "ERP'et kender ikke PSP-elementet XG-5387100001-00026 (række 2)" in lines[1]
    assert "mente du Målgruppe 'Udviklingshæmmede'?" in lines[2]
    assert lines[3].startswith("Advarsel i ark 'PSP': 6 nøgler bruges ikke af nogen bevilling")
    assert lines[3].endswith(f"robot validate-mapping {path} --all-warnings")
    assert lines[4].startswith(f"{path}: 1 fejl og 8 advarsler; PSP: 8 rækker læst")
    assert len(lines) == 5


def test_all_warnings_lists_every_unused_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answering(monkeypatch)
    main(["validate-mapping", str(workbook(tmp_path)), "--all-warnings"])
    lines = capsys.readouterr().out.splitlines()
    assert sum("Ingen bevilling i sagssystemet bruger nøglen 103" in line for line in lines) == 6


def test_no_erp_and_no_case_system_leave_the_systems_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answering(monkeypatch, keys=AssertionError("asked"), elements=AssertionError("asked"))
    path = workbook(tmp_path)
    assert main(["validate-mapping", str(path), "--no-erp", "--no-case-system"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: ingen problemer; PSP: 8 rækker læst, 8 kan bruges; Betalingsplaner: 1 række "
        "læst, 1 kan bruges; Udlejere: 1 række læst, 1 kan bruges."
    ]


def test_an_erp_that_cannot_be_asked_is_said_on_stderr_and_the_rest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answering(monkeypatch, elements=SystemUnavailable("the ERP is down"))
    assert main(["validate-mapping", str(workbook(tmp_path))]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "Bemærk: ERP'et kunne ikke spørges (the ERP is down); det er ikke kontrolleret, om "
        "PSP-elementerne findes og er åbne.\n"
    )
    assert "mente du Målgruppe 'Udviklingshæmmede'?" in captured.out


def test_without_the_erp_login_the_erp_is_not_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answering(monkeypatch, elements=AssertionError("asked"))
    monkeypatch.setenv("ROBOT_ERP_PASSWORD", "")
    assert main(["validate-mapping", str(workbook(tmp_path))]) == 0
    assert "ERP" not in capsys.readouterr().out
