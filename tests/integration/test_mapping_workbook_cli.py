"""`robot validate-mapping FILE` (exit 0, 1 or 2); `robot run` refusing a bad workbook (exit 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from robot.cli import main
from robot.mapping.builder import write_mapping_workbook

GOOD = ["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", date(2026, 1, 1)]


def test_validate_mapping_exits_0_when_there_are_no_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [GOOD])
    assert main(["validate-mapping", str(path)]) == 0
    assert "no problems; 1 mapping row(s) usable" in capsys.readouterr().out


def test_validate_mapping_prints_each_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [GOOD, [*GOOD[:4], "XG 1"]])
    assert main(["validate-mapping", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("sheet 'PSP', row 3, column E (PSP-element): PSP-element 'XG 1'")
    assert out[-1].endswith("1 problem(s); 2 mapping row(s) read, 1 usable, 1 not used.")


def test_validate_mapping_exits_2_with_one_line_on_stderr_when_unusable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.xlsx"
    path.write_text("not a workbook")
    assert main(["validate-mapping", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "not an .xlsx workbook" in captured.err


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
    assert "mapping workbook unusable: psp_mapping.xlsx: the file is empty" in done.stderr
    assert not (tmp_path / "runs").exists()


def test_run_refuses_a_missing_workbook_with_exit_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--mapping", "nowhere.xlsx"]) == 5
    assert "nowhere.xlsx" in capfd.readouterr().err
