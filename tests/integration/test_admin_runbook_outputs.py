"""runbooks/for-admins.md (and the admins' guide in mappings/) show what `robot validate-mapping`
and `robot run` really print, and name only options the command has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from robot.cli.validate import add_parser
from tests.docs.render_admin_examples import (
    COMMANDS,
    IN_PROCESS,
    RUNBOOK,
    command_outputs,
    runbook_outputs,
)

GUIDE = Path(__file__).resolve().parents[2] / "mappings" / "README.md"


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """Each example command run once: the commands start a Python process each."""
    return command_outputs()


def test_runbook_command_outputs_equal_what_the_commands_print(outputs: dict[str, str]) -> None:
    """If this fails, run `python -m tests.docs.render_admin_examples --write` and review."""
    written = runbook_outputs(RUNBOOK.read_text(encoding="utf-8"))
    assert set(written) == set(COMMANDS) | set(IN_PROCESS)
    assert written == outputs


def test_the_examples_show_each_exit_code_an_admin_meets(outputs: dict[str, str]) -> None:
    assert outputs["validate-good"].endswith("\n$ echo $?\n0")
    assert outputs["validate-broken"].endswith("\n$ echo $?\n1")
    assert outputs["validate-unusable"].endswith("\n$ echo $?\n5")
    assert outputs["run-unusable"].endswith("\n$ echo $?\n5")
    assert outputs["validate-rent"].endswith("\n$ echo $?\n0")
    assert outputs["validate-systems"].endswith("\n$ echo $?\n1")


def test_the_systems_example_shows_a_near_miss_and_the_unused_keys_on_one_line(
    outputs: dict[str, str],
) -> None:
    printed = outputs["validate-systems"]
    assert "mente du Målgruppe 'Udviklingshæmmede'?" in printed
    assert "5 nøgler bruges ikke af nogen bevilling i sagssystemet" in printed
    assert "ERP'et kender ikke PSP-elementet" in printed
    assert "er lukket i ERP'et" in printed


def _options() -> set[str]:
    commands = argparse.ArgumentParser().add_subparsers()
    add_parser(commands)
    [parser] = commands.choices.values()
    return {option for action in parser._actions for option in action.option_strings}


def _validate_texts(page: Path) -> str:
    """The page's ``robot validate-mapping ...`` commands and its section on validating."""
    text = page.read_text(encoding="utf-8")
    commands = re.findall(r"robot validate-mapping[^`\n]*", text)
    start = text.index("\n## Validate before you save\n")
    end = text.find("\n## ", start + 1)
    return "\n".join([*commands, text[start : end if end > 0 else None]])


@pytest.mark.parametrize("page", [RUNBOOK, GUIDE], ids=lambda p: p.parent.name)
def test_every_validate_mapping_option_the_pages_name_is_one_the_command_has(page: Path) -> None:
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", _validate_texts(page)))
    assert {"--all-warnings", "--no-erp"} <= named
    assert named - _options() == set()


@pytest.mark.parametrize("page", [RUNBOOK, GUIDE], ids=lambda p: p.parent.name)
def test_the_pages_give_the_exit_code_of_an_unusable_workbook_as_the_command_does(
    page: Path,
) -> None:
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert "`2` the workbook cannot be used" not in text
    assert "`5` when the workbook cannot be used at all" in text or (
        "`5` the workbook cannot be used at all" in text
    )
