"""`robot validate-mapping FILE` (exit 0 without errors, 1 with any, 2 unusable); `robot run`
refusing a bad workbook (exit 5) and reading the municipality's paragraphs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from robot.cli import main
from robot.config import Settings
from robot.errors import MappingUnusable
from robot.mapping.builder import write_mapping_workbook
from robot.run import command

GOOD = ["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", date(2026, 1, 1)]


def test_validate_mapping_exits_0_when_there_are_no_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [GOOD])
    assert main(["validate-mapping", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ingen problemer; PSP: 1 række læst, 1 kan bruges.\n"


def test_validate_mapping_prints_each_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [GOOD, [*GOOD[:4], "XG 1"]])
    assert main(["validate-mapping", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        "Fejl i ark 'PSP', række 3, kolonne E (PSP-element): PSP-element 'XG 1'"
    )
    assert out[-1].endswith(": 1 fejl; PSP: 2 rækker læst, 1 kan bruges, 1 bruges ikke.")


def test_validate_mapping_exits_5_as_robot_run_does_with_one_line_on_stderr_when_unusable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.xlsx"
    path.write_text("not a workbook")
    assert main(["validate-mapping", str(path)]) == 5
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith("robot validate-mapping: m.xlsx: ikke en .xlsx-projektmappe")


def test_run_refuses_an_unusable_workbook_with_exit_5_naming_the_file_and_touching_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "psp_mapping.xlsx"
    path.write_bytes(b"")
    environment = {
        **os.environ,
        "ROBOT_JOURNAL_DIR": str(tmp_path / "journal"),
        "ROBOT_RUNS_DIR": str(tmp_path / "runs"),
        "ROBOT_ERP_URL": "http://127.0.0.1:9",  # never reached
    }
    done = subprocess.run(  # the real command: run_command bound stderr at import time
        [sys.executable, "-m", "robot.cli", "run", "--mapping", str(path)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 5
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "mapping workbook unusable: psp_mapping.xlsx: filen er tom (0 byte)" in done.stderr
    assert not (tmp_path / "runs").exists()


def test_run_refuses_a_missing_workbook_with_exit_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--mapping", "nowhere.xlsx"]) == 5
    assert "nowhere.xlsx" in capfd.readouterr().err


def test_validate_mapping_exits_0_with_only_warnings_and_prints_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [[*GOOD[:2], "Komunal", *GOOD[3:]]])
    assert main(["validate-mapping", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Advarsel i ark 'PSP', række 2, kolonne C (Ejerforhold): ")
    assert out[1].endswith(": 1 advarsel; PSP: 1 række læst, 1 kan bruges.")


def test_validate_mapping_exits_1_when_any_problem_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [[*GOOD[:2], "Komunal", *GOOD[3:]], ["97", *GOOD[1:]]]
    path = write_mapping_workbook(tmp_path / "m.xlsx", rows)
    assert main(["validate-mapping", str(path)]) == 1
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .endswith(": 1 fejl og 1 advarsel; PSP: 2 rækker læst, 1 kan bruges, 1 bruges ikke.")
    )


def test_validate_mapping_accepts_the_municipalitys_own_paragraphs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [["97", *GOOD[1:]], ["§85", *GOOD[1:]]])
    assert main(["validate-mapping", str(path), "--paragraphs", "85, 97"]) == 0
    assert "ingen problemer" in capsys.readouterr().out


def test_robot_run_reads_the_paragraphs_from_robot_mapping_paragraphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, ...]] = []

    def read(path: Path, *, paragraphs: tuple[str, ...] = ()) -> None:
        seen.append(tuple(paragraphs))
        raise MappingUnusable("stop here")

    monkeypatch.setattr(command, "read_mapping", read)
    monkeypatch.setenv("ROBOT_MAPPING_PARAGRAPHS", "85,§97")
    monkeypatch.setenv("ROBOT_JOURNAL_DIR", str(tmp_path / "journal"))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    err = io.StringIO()
    assert (
        command.run_command(settings, command.RunOptions(mapping=tmp_path / "m.xlsx"), err=err) == 5
    )
    assert seen == [("85", "97")]
