"""runbooks/for-caseworkers.md shows the notes the robot really writes, one for every code."""

from __future__ import annotations

from robot.domain.codes import Code
from robot.privacy import mask_cpr
from tests.builders import CPR, CPR_2
from tests.docs.render_example_notes import RUNBOOK, example_notes, rewrite, runbook_notes


def test_runbook_example_notes_equal_what_the_robot_writes() -> None:
    """If this fails, run `python -m tests.docs.render_example_notes --write` and review."""
    written = runbook_notes(RUNBOOK.read_text(encoding="utf-8"))
    rendered = {code.value: note for code, note in example_notes().items()}
    assert written == rendered


def test_runbook_has_a_section_and_an_example_note_for_every_code() -> None:
    text = RUNBOOK.read_text(encoding="utf-8")
    assert set(runbook_notes(text)) == {code.value for code in Code}
    for code in Code:
        assert f"\n### {code.value}\n" in text
        assert f"[`{code.value}`](#{code.value.lower()})" in text


def test_each_example_note_starts_with_its_code_and_holds_nothing_like_a_cpr() -> None:
    for code, note in example_notes().items():
        assert note.startswith(code.tag)
        assert mask_cpr(note) == note
        assert CPR not in note
        assert CPR_2 not in note


def test_rewrite_replaces_only_the_example_blocks() -> None:
    text = (
        "intro\n<!-- example-note NO_GRANT -->\n```text\nold note\n```\n"
        "<!-- /example-note -->\noutro\n"
    )
    notes = {Code.NO_GRANT: "[NO_GRANT] ny tekst\nto linjer"}
    assert rewrite(text, notes) == text.replace("old note", "[NO_GRANT] ny tekst\nto linjer")
