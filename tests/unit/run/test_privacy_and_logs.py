"""CPR numbers never leave the robot in a log line, and credentials never at all."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import structlog

from robot import logs
from robot.privacy import cpr_tag, load_or_create_key, mask_cpr, set_key


def test_cpr_is_masked_with_and_without_dash_and_with_a_space() -> None:
    text = "CPR 010190-1234, cpr 0101901234 og 010190 1234"
    masked = mask_cpr(text)
    assert "010190" not in masked
    assert masked.count(cpr_tag("0101901234")) == 3


def test_cpr_with_the_date_in_dots_is_masked_in_every_spacing() -> None:
    text = "CPR 01.01.90-1234, 01.01.90 1234, 01.01.90\u00a01234 og 01.01.901234"
    masked = mask_cpr(text)
    assert "01.01.90" not in masked
    assert "1234" not in masked
    assert masked.count(cpr_tag("0101901234")) == 4


def test_cpr_that_a_dotted_non_date_runs_into_is_masked() -> None:
    assert mask_cpr("ref 12.34.010190-1234") == f"ref 12.34.{cpr_tag('0101901234')}"


def test_same_citizen_gets_the_same_tag_and_others_a_different_one() -> None:
    assert cpr_tag("010190-1234") == cpr_tag("0101901234")
    assert cpr_tag("0101901234") != cpr_tag("0202901234")


def test_ten_digits_that_are_no_birth_date_stay_readable() -> None:
    assert mask_cpr("XG-5385010001-00007") == "XG-5385010001-00007"


def test_longer_digit_runs_are_not_mistaken_for_cpr() -> None:
    assert mask_cpr("GLN 5798000000001") == "GLN 5798000000001"


def test_masking_key_is_kept_owner_only_and_reused(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "journal")
    assert (tmp_path / "journal" / "log-key").stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(tmp_path / "journal") == key
    set_key(key)
    first = cpr_tag("0101901234")
    set_key(b"another installation")
    assert cpr_tag("0101901234") != first


def test_log_lines_in_file_and_console_hold_no_cpr(tmp_path: Path) -> None:
    console = io.StringIO()
    logs.configure(log_file=tmp_path / "run.log", console=console)
    structlog.get_logger().info(
        "invoice", note="Ophold, CPR 010190-1234", nested={"a": ["0101901234"]}
    )
    logged = (tmp_path / "run.log").read_text()
    assert "0101901234" not in logged and "010190-1234" not in logged
    assert "0101901234" not in console.getvalue() and "010190-1234" not in console.getvalue()
    assert json.loads(logged.splitlines()[0])["event"] == "invoice"


def test_exception_text_in_a_log_line_is_masked(tmp_path: Path) -> None:
    logs.configure(log_file=tmp_path / "run.log", console=io.StringIO())
    try:
        raise ValueError("no citizen 010190-1234")
    except ValueError:
        structlog.get_logger().exception("failed")
    assert "010190-1234" not in (tmp_path / "run.log").read_text()


@pytest.mark.parametrize(
    "written",
    [
        "190356-2443",
        "190356–2443",
        "190356—2443",
        "190356 2443",
        "1903562443",
        "190356/2443",
        "190356\u22122443",
        "190356\u20112443",
        "190356\u00a02443",
    ],
    ids=["dash", "en-dash", "em-dash", "space", "none", "slash", "minus", "nb-hyphen", "nb-space"],
)
def test_a_cpr_is_masked_in_every_spelling(written: str) -> None:
    masked = mask_cpr(f"Plejefamilie {written}, faktura {written}")
    assert "190356" not in masked
    assert "2443" not in masked
    assert masked.count(cpr_tag("1903562443")) == 2


def test_the_secrets_leave_the_environment_before_any_browser_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from robot.run.processes import scrub_environment

    monkeypatch.setenv("ROBOT_ERP_PASSWORD", "erp-secret")
    monkeypatch.setenv("ROBOT_CASE_PASSWORD", "case-secret")
    monkeypatch.setenv("ROBOT_JOURNAL_URL", "postgresql://robot:pw@db/journal")
    monkeypatch.setenv("ROBOT_ERP_URL", "http://erp")
    scrub_environment()
    import os

    assert "ROBOT_ERP_PASSWORD" not in os.environ
    assert "ROBOT_CASE_PASSWORD" not in os.environ
    assert "ROBOT_JOURNAL_URL" not in os.environ
    assert os.environ["ROBOT_ERP_URL"] == "http://erp"


@pytest.mark.parametrize(
    "character", ["\u202e", "\u2066", "\u200b", "\x1b", "\r", "\u2028", "\x00"], ids=repr
)
def test_control_and_direction_characters_from_an_invoice_are_escaped_in_the_log(
    tmp_path: Path, character: str
) -> None:
    console = io.StringIO()
    logs.configure(log_file=tmp_path / "run.log", console=console)
    structlog.get_logger().info("invoice", invoice=f"12345674/INV{character}0917")
    for written in ((tmp_path / "run.log").read_text(), console.getvalue()):
        assert character not in written
    assert f"\\u{ord(character):04x}" in json.loads((tmp_path / "run.log").read_text())["invoice"]
