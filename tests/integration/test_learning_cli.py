"""`robot suggest-plans` and `robot backtest` on the command line: listed in `robot --help`, and
each way they cannot be done ends with its exit code and one line on stderr, before any
workbook is written."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from robot.cli import main as robot_main
from robot.exit_codes import ExitCode
from robot.mapping.builder import write_mapping_workbook
from tests.support.stand_ins import free_port

COMMANDS = ("suggest-plans", "backtest")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The robot's ERP login set, the ERP on a loopback port nobody listens on."""
    monkeypatch.setenv("ROBOT_ERP_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("ROBOT_ERP_USER", "robot")
    monkeypatch.setenv("ROBOT_ERP_PASSWORD", "secret")
    monkeypatch.setenv("ROBOT_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("ROBOT_MAX_ATTEMPTS", "1")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def good_mapping(folder: Path) -> Path:
    row = ["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", None, None, ""]
    return write_mapping_workbook(folder / "mapping.xlsx", [row])


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = robot_main(list(args))
        except SystemExit as exit_:  # argparse refusing the command line
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_robot_help_lists_both_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "suggest-plans" in out and "backtest" in out


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("months", ["0", "many", "121"])
def test_a_bad_number_of_months_is_bad_usage(command: str, months: str, env: Path) -> None:
    code, _, err = run(command, "--mapping", str(good_mapping(env)), "--months", months)
    assert code == ExitCode.USAGE
    assert "--months" in err


def test_suggest_plans_without_a_mapping_workbook_is_bad_usage(env: Path) -> None:
    assert run("suggest-plans")[0] == ExitCode.USAGE


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_or_unreadable_workbook_is_unusable(command: str, env: Path) -> None:
    broken = env / "broken.xlsx"
    broken.write_text("not a workbook")
    for mapping in (env / "missing.xlsx", broken):
        code, _, err = run(command, "--mapping", str(mapping))
        assert code == ExitCode.MAPPING_UNUSABLE, err
        assert err.startswith(f"robot {command}: ")
    assert not (env / "runs").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_without_the_erps_password_the_history_cannot_be_read(
    command: str, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROBOT_ERP_PASSWORD", "")
    code, _, err = run(command, "--mapping", str(good_mapping(env)))
    assert code == ExitCode.USAGE
    assert "ROBOT_ERP_PASSWORD" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_an_erp_that_does_not_answer_is_unavailable(command: str, env: Path) -> None:
    code, out, err = run(command, "--mapping", str(good_mapping(env)))
    assert code == ExitCode.SYSTEM_UNAVAILABLE, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert not (env / "runs").exists()
