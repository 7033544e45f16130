"""runbooks/for-caseworkers.md shows the notes the robot really writes, one for every code."""

from __future__ import annotations

from robot.domain.codes import Code
from robot.privacy import mask_cpr
from tests.builders import CPR, CPR_2
from tests.docs.render_example_notes import (
    EXAMPLES,
    RUNBOOK,
    example_notes,
    rewrite,
    runbook_notes,
)


def test_runbook_example_notes_equal_what_the_robot_writes() -> None:
    """If this fails, run `python -m tests.docs.render_example_notes --write` and review."""
    written = runbook_notes(RUNBOOK.read_text(encoding="utf-8"))
    assert written == example_notes()


def test_runbook_has_a_section_and_an_example_note_for_every_code() -> None:
    text = RUNBOOK.read_text(encoding="utf-8")
    labels = set(runbook_notes(text))
    assert {code.value for code in Code} <= labels  # every code's main example
    assert {label.split()[0] for label in labels} == {code.value for code in Code}
    for code in Code:
        assert f"\n### {code.value}\n" in text
        assert f"[`{code.value}`](#{code.value.lower()})" in text


def test_each_example_has_its_own_label() -> None:
    labels = [example.label for example in EXAMPLES]
    assert len(labels) == len(set(labels))


def test_each_example_note_starts_with_its_code_and_holds_nothing_like_a_cpr() -> None:
    for example in EXAMPLES:
        note = example.note()
        assert note.startswith(example.code.tag)
        assert mask_cpr(note) == note
        assert CPR not in note
        assert CPR_2 not in note


def test_rewrite_replaces_only_the_example_blocks() -> None:
    text = (
        "intro\n<!-- example-note NO_GRANT -->\n```text\nold note\n```\n"
        "<!-- /example-note -->\nmiddle\n<!-- example-note NO_GRANT other-form -->\n```text\n"
        "old variant\n```\n<!-- /example-note -->\noutro\n"
    )
    notes = {
        "NO_GRANT": "[NO_GRANT] ny tekst\nto linjer",
        "NO_GRANT other-form": "[NO_GRANT] anden form",
    }
    expected = text.replace("old note", "[NO_GRANT] ny tekst\nto linjer").replace(
        "old variant", "[NO_GRANT] anden form"
    )
    assert rewrite(text, notes) == expected
