"""``robot validate-mapping FILE``: problems with sheet, row and column; exit 0, 1 or 2."""

from __future__ import annotations

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


def test_run_is_not_built_yet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--mapping", "x.xlsx"]) == 2
    assert "robot run is not built yet" in capsys.readouterr().err
