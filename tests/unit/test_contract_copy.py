"""The tests' copy of the contract's documents is the contract's own, file for file."""

from __future__ import annotations

import pytest

from tests.support.contract import CONTRACT, FOLDERS, SHARED_CONTRACT


@pytest.mark.skipif(not SHARED_CONTRACT.is_dir(), reason="no ../shared/contract beside the project")
@pytest.mark.parametrize("folder", FOLDERS)
def test_the_copied_contract_documents_equal_the_contract_beside_the_project(folder: str) -> None:
    theirs = {p.name: p.read_bytes() for p in (SHARED_CONTRACT / folder).iterdir() if p.is_file()}
    ours = {p.name: p.read_bytes() for p in (CONTRACT / folder).iterdir() if p.is_file()}
    assert sorted(ours) == sorted(theirs), (
        "copy them again: cp -r ../shared/contract/{examples,real-samples} tests/contract_files/"
    )
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_every_contract_folder_has_documents() -> None:
    for folder in FOLDERS:
        assert sorted((CONTRACT / folder).glob("*.xml")), folder
