"""After a run, no artefact outside the two systems holds a CPR number or a password."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.robot.conftest import Scenario, Stage, served

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def cprs_in_bundle(bundle: Path) -> set[str]:
    """Every CPR the bundle knows or writes on an invoice, as ten digits."""
    case = json.loads((bundle / "case_system.json").read_text())
    found = {c["cpr"] for c in case["citizens"]}
    for xml in (bundle / "invoices").glob("*.xml"):
        text = xml.read_text(errors="replace")
        found |= {a + b for a, b in re.findall(r"(?<!\d)(\d{6})[-– /]?(\d{4})(?!\d)", text)}
    return found


def with_cpr_in_free_text(source: Path, target: Path) -> Path:
    """The bundle and two more invoices whose free text holds a CPR where no CPR belongs: an
    invoice number shaped like one (with an en-dash) and a supplier named with one."""
    shutil.copytree(source, target)
    first = sorted((target / "invoices").glob("*.xml"))[0]
    text = first.read_text(encoding="utf-8")
    number = re.search(r"<cbc:ID>([^<]+)</cbc:ID>", text)
    assert number is not None
    (target / "invoices" / "cpr-number.xml").write_text(
        text.replace(f"<cbc:ID>{number[1]}</cbc:ID>", "<cbc:ID>190356–2443</cbc:ID>", 1)
    )
    named = re.sub(
        r"<cbc:Name>[^<]*</cbc:Name>",
        "<cbc:Name>Plejefamilie 070159/2124</cbc:Name>",
        text,
        count=1,
    )
    (target / "invoices" / "cpr-name.xml").write_text(
        named.replace(f"<cbc:ID>{number[1]}</cbc:ID>", f"<cbc:ID>{number[1]}-PF</cbc:ID>", 1)
    )
    return target


def artefact_texts(work: Path) -> dict[str, str]:
    """Readable text of every file the robot wrote, and every file name; not trace contents,
    which live owner-only in the run folder exactly to help debug a page (they show pages)."""
    texts: dict[str, str] = {"(file names)": "\n".join(str(p) for p in work.rglob("*"))}
    for path in work.rglob("*"):
        if not path.is_file() or path.suffix in (".zip", ".png") or "data" in path.parts:
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts[str(path)] = "\n".join(book.read(n).decode() for n in book.namelist())
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


@dataclass
class Finished:
    scenario: Scenario
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def finished(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Finished]:
    """One run over the bundle, whose artefacts the tests below read."""
    source = with_cpr_in_free_text(bundle, tmp_path_factory.mktemp("privacy-bundle") / "b")
    with served(source, tmp_path_factory.mktemp("privacy")) as scenario:
        result = scenario.run()
        assert result.returncode == 0, result.stderr
        yield Finished(scenario, result)


def test_console_log_report_and_journal_hold_no_cpr_and_no_password(finished: Finished) -> None:
    scenario, result = finished.scenario, finished.result
    texts = artefact_texts(scenario.work)
    texts["stdout"], texts["stderr"] = result.stdout, result.stderr
    assert any("run.log" in name for name in texts)
    secrets = {scenario.env["ROBOT_ERP_PASSWORD"], scenario.env["ROBOT_CASE_PASSWORD"]}
    for cpr in cprs_in_bundle(scenario.bundle):
        forms = {cpr, *(f"{cpr[:6]}{sep}{cpr[6:]}" for sep in ("-", " ", "–", "/", "\u00a0"))}
        leaks = [name for name, text in texts.items() if any(f in text for f in forms)]
        assert not leaks, f"a CPR appears in {leaks}"
    leaks = [name for name, text in texts.items() if any(s in text for s in secrets)]
    assert not leaks, f"a password appears in {leaks}"


def test_run_folder_is_readable_by_the_owner_only(finished: Finished) -> None:
    run_dir = next((finished.scenario.work / "runs").iterdir())
    assert run_dir.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in run_dir.iterdir())


def test_traces_of_invoices_left_after_faults_hold_no_password(stage: Stage) -> None:
    """A trace keeps what the browser did on the retries of an invoice that ended in a system
    fault, with a screenshot; logins are never recorded, so no trace holds the password."""
    overrides = stage.work / "new-release"
    overrides.mkdir()
    form = Path(__file__).resolve().parents[3] / "fake_systems/erp/templates/posting_form.html"
    (overrides / form.name).write_text(form.read_text().replace("Bogfør</button>", "OK</button>"))
    # The posting form's button renamed: every invoice to be paid fails on its retries, while
    # sessions dying every 3 s make the robot log in again during the traced retries.
    with stage.serving("--screen-overrides", str(overrides), "--session-ttl", "3"):
        result = stage.run()
    assert result.returncode == 6, result.stderr
    run_dir = next((stage.work / "runs").iterdir())
    traces = sorted(run_dir.glob("*.trace.zip"))
    assert traces, "some invoice should have been left after the faults"
    assert sorted(run_dir.glob("ERP-*.png")), "with a screenshot"
    assert not list(run_dir.glob(".part-*")), "no loose parts"
    secrets = {stage.env["ROBOT_ERP_PASSWORD"].encode(), stage.env["ROBOT_CASE_PASSWORD"].encode()}
    for trace in traces:
        assert trace.name.startswith("ERP-") and trace.stat().st_mode & 0o077 == 0
        with zipfile.ZipFile(trace) as archive:
            for member in archive.namelist():
                data = archive.read(member)
                assert not any(s in data for s in secrets), f"a password in {trace.name}:{member}"
                if member.endswith(".network"):
                    cookies = re.findall(
                        rb'"cookies": \[\{"name": "[^"]*", "value": "([^"]*)"', data
                    )
                    assert set(cookies) <= {b"[redacted]"}, "a session cookie in the trace"
