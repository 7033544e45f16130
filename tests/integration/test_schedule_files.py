"""The ready-to-use schedule files in runbooks/ are valid and run the documented command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from robot.config import Settings
from robot.exit_codes import ExitCode

SCHEDULE = Path(__file__).resolve().parents[2] / "runbooks" / "schedule"
ROBOT = Path(sys.executable).parent / "robot"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
def test_systemd_service_and_timer_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    service = (SCHEDULE / "bill-robot.service").read_text()
    (tmp_path / "bill-robot.service").write_text(
        service.replace("/opt/bill-robot/.venv/bin/robot", str(ROBOT))
    )
    shutil.copy(SCHEDULE / "bill-robot.timer", tmp_path)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "bill-robot.service", "bill-robot.timer"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"SYSTEMD_LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "bill-robot" not in result.stderr, result.stderr


def test_service_keeps_secrets_in_an_environment_file_not_on_the_command_line() -> None:
    service = (SCHEDULE / "bill-robot.service").read_text()
    assert "EnvironmentFile=/etc/bill-robot/robot.env" in service
    exec_line = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert "PASSWORD" not in exec_line
    assert "UMask=0077" in service


def test_cron_line_runs_the_same_command_as_the_service() -> None:
    service = (SCHEDULE / "bill-robot.service").read_text()
    command = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    cron = (SCHEDULE / "crontab").read_text()
    assert command.removeprefix("ExecStart=") in cron
    assert "/etc/bill-robot/robot.env" in cron


def settings_template() -> dict[str, str]:
    """robot.env.example's settings, the commented-out ones (`#ROBOT_...=`) included."""
    found = {}
    for line in (SCHEDULE / "robot.env.example").read_text().splitlines():
        name, equals, value = line.removeprefix("#").partition("=")
        if equals and name.startswith("ROBOT_") and " " not in name:
            found[name] = value
    return found


def test_settings_template_names_only_settings_the_robot_reads() -> None:
    names = {name.removeprefix("ROBOT_").lower() for name in settings_template()}
    assert names - set(Settings.model_fields) == set()
    assert {"journal_url", "processes", "workers", "retention_days"} <= names


def test_settings_template_is_valid_as_it_stands() -> None:
    values: dict[str, Any] = {
        name.removeprefix("ROBOT_").lower(): value for name, value in settings_template().items()
    }
    values["_env_file"] = None  # not this checkout's own .env
    settings = Settings(**values)
    assert settings.processes == 1
    assert settings.journal_url is not None


def test_service_counts_as_success_only_the_exit_codes_that_need_no_person() -> None:
    service = (SCHEDULE / "bill-robot.service").read_text()
    line = next(x for x in service.splitlines() if x.startswith("SuccessExitStatus="))
    codes = {int(code) for code in line.removeprefix("SuccessExitStatus=").split()}
    assert codes == {ExitCode.COMPLETED_WITH_FAULTS, ExitCode.LOCK_HELD}
