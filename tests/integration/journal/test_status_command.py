"""`robot status` over a real journal, SQLite and PostgreSQL alike: the last run's counts, a
payment waiting for a person until someone says it is done, a missed run, and a journal that
cannot be read."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr

from robot.cli import main
from robot.config import Settings
from robot.domain.codes import Code
from robot.domain.routes import Route
from robot.journal.base import Journal
from robot.journal.model import Outcome, OutcomeKind, PlanKind, State, WritePlan
from robot.journal.opening import open_journal
from robot.status.command import status_command


@pytest.fixture(params=["sqlite", "postgres"])
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """The robot's settings for either journal (and the same in the environment, for `main`)."""
    monkeypatch.setenv("ROBOT_JOURNAL_DIR", str(tmp_path / "journal"))
    monkeypatch.delenv("ROBOT_JOURNAL_URL", raising=False)
    url = None
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        monkeypatch.setenv("ROBOT_JOURNAL_URL", url)
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        journal_dir=tmp_path / "journal",
        journal_url=SecretStr(url) if url else None,
    )


@pytest.fixture
def journal(settings: Settings) -> Iterator[Journal]:
    opened = open_journal(settings)
    yield opened
    opened.close()


def a_finished_run(journal: Journal, run_id: str = "r1") -> None:
    journal.start_run(run_id=run_id, host="robot1", dry_run=False, mapping_file="m", sha256="a")
    for erp_id, kind, route, code in (
        ("ERP-1", OutcomeKind.PAID, Route.GRANT, None),
        ("ERP-2", OutcomeKind.PAID, Route.PLAN, None),
        ("ERP-3", OutcomeKind.MANUAL, Route.GRANT, Code.AMOUNT_MISMATCH),
    ):
        journal.record_outcome(run_id, Outcome(erp_id=erp_id, outcome=kind, route=route, code=code))
    journal.finish_run(run_id=run_id, exit_code=0, summary={"paid": 2, "manual": 1})


def status(settings: Settings, **options: object) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = status_command(settings, out=out, err=err, **options)  # type: ignore[arg-type]
    return code, out.getvalue() + err.getvalue()


def test_the_last_finished_run_is_reported_with_its_counts(
    settings: Settings, journal: Journal
) -> None:
    a_finished_run(journal)
    code, printed = status(settings, as_json=True)
    shown = json.loads(printed)
    assert code == 0
    assert shown["healthy"] is True
    assert shown["current_run"] is None
    last = shown["last_run"]
    assert (last["run_id"], last["invoices"], last["exit_code"]) == ("r1", 3, 0)
    assert last["outcomes"] == {"paid": 2, "manual": 1}
    assert last["codes"] == {"AMOUNT_MISMATCH": 1}
    assert last["routes"] == {"grant": {"paid": 1, "manual": 1}, "plan": {"paid": 1}}


def test_a_payment_for_a_person_is_exit_1_until_a_person_says_it_is_done(
    settings: Settings, journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    a_finished_run(journal)
    journal.enqueue(["ERP-7"], read_at=journal.now())
    lease = journal.take(owner="robot1:1:aa", lease_s=30, skip=())
    assert lease is not None
    plan = WritePlan(kind=PlanKind.PAY, route=Route.GRANT)
    journal.record(
        lease,
        invoice_key="1/INV-7",
        state=State.NEEDS_PERSON,
        run_id="r1",
        plan=plan,
        voucher="V-7",
    )
    code, printed = status(settings)
    assert code == 1
    assert "ERP-7" in printed and "robot journal handled ERP-7" in printed
    assert main(["journal", "handled", "ERP-7"]) == 0
    assert "ERP-7: done" in capsys.readouterr().out
    assert status(settings)[0] == 0
    assert main(["journal", "handled", "ERP-7"]) == 2  # not waiting any more


def test_a_last_run_older_than_expected_is_exit_1(settings: Settings, journal: Journal) -> None:
    a_finished_run(journal)
    _backdate(settings, hours=27)
    code, printed = status(settings, expect_every=timedelta(hours=26))
    assert code == 1
    assert "finished 27 h" in printed and "a run was missed" in printed
    assert status(settings, expect_every=timedelta(days=2))[0] == 0


def test_a_run_going_on_shows_its_invoices_in_work(settings: Settings, journal: Journal) -> None:
    a_finished_run(journal)
    journal.start_run(run_id="r2", host="robot2", dry_run=False, mapping_file="m", sha256="a")
    journal.enqueue(["ERP-8", "ERP-9"], read_at=journal.now())
    lease = journal.take(owner="robot2:5:aa", lease_s=60, skip=(), run_id="r2")
    assert lease is not None
    journal.record_outcome("r2", Outcome(erp_id="ERP-10", outcome=OutcomeKind.PAID))
    code, printed = status(settings, as_json=True)
    current = json.loads(printed)["current_run"]
    assert code == 0
    assert (current["run_id"], current["hosts"], current["done"], current["left"]) == (
        "r2",
        ["robot2"],
        1,
        2,
    )
    assert [w["erp_id"] for w in current["in_work"]] == [lease.erp_id]


def _backdate(settings: Settings, *, hours: float) -> None:
    """The journal's runs as if they had finished `hours` earlier."""
    sql = "UPDATE runs SET started_at = ?, finished_at = ?"
    moment = datetime.now(UTC) - timedelta(hours=hours)
    end = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    start = (moment - timedelta(minutes=40)).isoformat(timespec="seconds").replace("+00:00", "Z")
    if settings.journal_url is None:
        with sqlite3.connect(settings.journal_dir / "journal.sqlite3") as conn:
            conn.execute(sql, (start, end))
    else:
        with psycopg.connect(settings.journal_url.get_secret_value()) as conn:
            conn.execute(sql.replace("?", "%s"), (start, end))


def test_no_journal_yet_is_said_plainly(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, journal_dir=tmp_path / "none")  # type: ignore[call-arg]
    code, printed = status(settings)
    assert (code, "the robot has not run here yet" in printed) == (0, True)
    assert status(settings, expect_every=timedelta(hours=26))[0] == 1
    assert not (tmp_path / "none").exists()  # a status makes no journal


def test_a_journal_of_a_newer_robot_cannot_be_read_exit_4(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, journal_dir=tmp_path / "journal")  # type: ignore[call-arg]
    open_journal(settings).close()
    with sqlite3.connect(tmp_path / "journal" / "journal.sqlite3") as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    page = tmp_path / "status.html"
    code, printed = status(settings, as_json=True, html=page)
    assert code == 4
    assert "newer robot" in printed
    assert "Kræver opmærksomhed" in page.read_text(encoding="utf-8")


def test_an_unreachable_shared_journal_is_exit_4_without_its_password(tmp_path: Path) -> None:
    url = SecretStr("postgresql://robot:s3cret@127.0.0.1:1/journal")
    settings = Settings(_env_file=None, journal_dir=tmp_path, journal_url=url)  # type: ignore[call-arg]
    code, printed = status(settings)
    assert code == 4
    assert "postgresql://robot@127.0.0.1:1/journal" in printed and "s3cret" not in printed
