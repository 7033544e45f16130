"""The dependency audit: a pin with a known vulnerability fails it; an older pin is not audited."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scripts.audit_pins import audit, read_pins

VULN = {"id": "PYSEC-2099-1", "fixed_in": ["2.1"], "withdrawn": None}


def _project(newest: str, *vulns: Mapping[str, object]) -> dict[str, object]:
    return {"info": {"version": newest}, "vulnerabilities": list(vulns)}


def test_newest_pin_with_a_known_vulnerability_is_reported() -> None:
    found, warning = audit("pkg", "2.0", _project("2.0", VULN))
    assert found == ["PYSEC-2099-1 (fixed in 2.1)"]
    assert warning is None


def test_newest_pin_without_vulnerabilities_passes() -> None:
    assert audit("pkg", "2.0", _project("2.0")) == ([], None)


def test_withdrawn_vulnerability_is_not_reported() -> None:
    withdrawn = {**VULN, "withdrawn": "2099-01-01T00:00:00Z"}
    assert audit("pkg", "2.0", _project("2.0", withdrawn))[0] == []


def test_older_pin_is_reported_as_not_audited_but_still_flagged_below_a_fix() -> None:
    unfixed_in_newest = {"id": "GHSA-x", "fixed_in": ["3.1"], "withdrawn": None}
    found, warning = audit("pkg", "1.9", _project("3.0", unfixed_in_newest))
    assert found == ["GHSA-x (fixed in 3.1)"]
    assert warning == "pin 1.9 is not the newest (3.0)"


def test_a_pre_release_pin_is_older_than_the_release_that_fixes_it() -> None:
    found, _ = audit("pkg", "2.0rc1", _project("2.1", {**VULN, "fixed_in": ["2.0"]}))
    assert found == ["PYSEC-2099-1 (fixed in 2.0)"]


def test_pins_are_read_from_name_equals_version_lines(tmp_path: Path) -> None:
    path = tmp_path / "constraints.txt"
    path.write_text("# comment\nfoo==1.2  # why\n\nBar_baz==0.3.1\n")
    assert read_pins(path) == [("foo", "1.2"), ("Bar_baz", "0.3.1")]
