"""A bug in the robot ends with its own exit code and one masked line, never as 'completed'."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot import cli
from robot.cli import validate
from robot.exit_codes import ExitCode


def test_an_unexpected_error_exits_70_with_one_line_holding_no_cpr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(path: Path, **_: object) -> None:
        raise RuntimeError("could not read citizen 010190-1234\nsecond line")

    monkeypatch.setattr(validate, "read_mapping", broken)
    assert cli.main(["validate-mapping", "x.xlsx"]) == int(ExitCode.INTERNAL_ERROR) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError" in err
    assert "010190-1234" not in err and "second line" not in err
