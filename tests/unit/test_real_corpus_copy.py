"""The project's copy of the real-document corpus is the shared one, file for file."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OURS = REPO / "tests" / "real_corpus"
SHARED = REPO.parent / "shared" / "real-corpus"


def _files(root: Path) -> dict[str, bytes]:
    """SOURCES.md and docs/ (our copy adds expected.json and the script that writes it)."""
    files = {"SOURCES.md": (root / "SOURCES.md").read_bytes()}
    files |= {f"docs/{p.name}": p.read_bytes() for p in (root / "docs").iterdir() if p.is_file()}
    return files


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/real-corpus beside the project")
def test_the_copied_corpus_equals_the_shared_corpus_beside_the_project() -> None:
    ours, theirs = _files(OURS), _files(SHARED)
    assert sorted(ours) == sorted(theirs), (
        "copy it again: cp -r ../shared/real-corpus/{SOURCES.md,docs} tests/real_corpus/"
    )
    assert [name for name in ours if ours[name] != theirs[name]] == []
