"""runbooks/for-admins.md shows what `robot validate-mapping` and `robot run` really print."""

from __future__ import annotations

import pytest

from tests.docs.render_admin_examples import COMMANDS, RUNBOOK, command_outputs, runbook_outputs


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """Each example command run once: the commands start a Python process each."""
    return command_outputs()


def test_runbook_command_outputs_equal_what_the_commands_print(outputs: dict[str, str]) -> None:
    """If this fails, run `python -m tests.docs.render_admin_examples --write` and review."""
    written = runbook_outputs(RUNBOOK.read_text(encoding="utf-8"))
    assert set(written) == set(COMMANDS)
    assert written == outputs


def test_the_examples_show_each_exit_code_an_admin_meets(outputs: dict[str, str]) -> None:
    assert outputs["validate-good"].endswith("\n$ echo $?\n0")
    assert outputs["validate-broken"].endswith("\n$ echo $?\n1")
    assert outputs["validate-unusable"].endswith("\n$ echo $?\n5")
    assert outputs["run-unusable"].endswith("\n$ echo $?\n5")
