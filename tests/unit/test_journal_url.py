"""A journal URL's password is never printed in any form, and a URL that cannot be used is bad
settings (exit 2), not an internal error (the second attack's findings 7 and 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.cli import main
from robot.exit_codes import ExitCode
from robot.journal.url import BadJournalUrl, journal_target

SECRET = "Hemmelig9Kode"
MALFORMED = {
    "space": f"postgresql://robot:{SECRET} x@db.example/journal",
    "unescaped-at": f"postgresql://robot:{SECRET}@x@db.example/journal",
    "slash": f"postgresql://robot:{SECRET}/x@db.example/journal",
    "key-value-typo": f"host=db.example user=robot password {SECRET} dbname=journal",
    "port-99999": f"postgresql://robot:{SECRET}@db.example:99999/journal",
    "port-word": f"postgresql://robot:{SECRET}@db.example:port/journal",
    "not-a-url": f"{SECRET}",
}


@pytest.mark.parametrize("url", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_journal_url_is_bad_settings_and_its_password_is_never_printed(
    url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ROBOT_JOURNAL_URL", url)
    monkeypatch.chdir(tmp_path)
    code = main(["run", "--mapping", str(tmp_path / "none.xlsx")])
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert "journal_url" in err
    for text in (out, err):
        assert SECRET not in text
        assert SECRET[:6] not in text


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://robot:{SECRET}%23x@db.example:5432/journal",
        f"postgresql://robot:{SECRET}#x@db.example:5432/journal",
        f"host=db.example port=5432 user=robot password={SECRET} dbname=journal",
    ],
    ids=["percent-encoded", "hash", "key-value"],
)
def test_a_usable_journal_url_is_shown_without_its_password(url: str) -> None:
    target = journal_target(url)
    assert target.shown == "postgresql://robot@db.example:5432/journal"
    assert SECRET not in repr(target)
    password = target.password
    assert password.startswith(SECRET)
    assert target.scrub(f"failed for {url} with {password}") == "failed for *** with ***"


def test_a_port_outside_one_to_65535_is_refused() -> None:
    with pytest.raises(BadJournalUrl) as refused:
        journal_target(f"postgresql://robot:{SECRET}@db:0/journal")
    assert SECRET not in str(refused.value)
