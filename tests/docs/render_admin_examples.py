"""The command outputs in runbooks/for-admins.md, produced by running the real commands.

    .venv/bin/python -m tests.docs.render_admin_examples           # print every output
    .venv/bin/python -m tests.docs.render_admin_examples --write   # update the runbook

Builds a good, a broken and an unusable mapping workbook and one with rent in a temporary folder
and runs ``robot validate-mapping`` on each, and ``robot run`` on the unusable one; and runs
``robot validate-mapping`` in this process on a workbook checked against the case system's keys
and the ERP's PSP elements, given by fakes (what the systems answer is the example's, what the
command prints is the program's).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from robot.cli import main as robot_main
from robot.cli import validate
from robot.config import Settings
from robot.mapping.builder import HEADERS, write_mapping_workbook

RUNBOOK = Path(__file__).resolve().parents[2] / "runbooks" / "for-admins.md"
BLOCK = re.compile(
    r"(<!-- command-output (?P<name>[a-z-]+) -->\n```text\n)(?P<body>.*?)"
    r"(\n```\n<!-- /command-output -->)",
    re.DOTALL,
)
KEY_107: list[object] = ["107", "4.0", "Privat", "Udviklingshæmmede"]
KEY_108: list[object] = ["108", "4.0", "Kommunal", "Sindslidende"]
KEY_STU: list[object] = ["STU", "5.0", "Privat", "Unge med særlige behov"]
JAN_2026, DEC_2026, JAN_2027 = date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1)

GOOD_ROWS: list[list[object]] = [
    [*KEY_107, "XG-5385010001-00007", JAN_2026, DEC_2026, "kontoplan 2026"],
    [*KEY_107, "XG-5385010001-00107", JAN_2027, None, "ny kontoplan 2027"],
    [*KEY_108, "XG-5385010002-00001", JAN_2026, None, ""],
    [*KEY_STU, "XG-5385010003-00001", JAN_2026, None, ""],
]
BROKEN_ROWS: list[list[object]] = [
    [*KEY_107, "XG-5385010001-00007", JAN_2026, None, "glemt at lukke rækken"],
    [*KEY_107, "XG-5385010001-00107", JAN_2027, None, "ny kontoplan 2027"],
    ["108", "4.0", "", "Sindslidende", "XG-5385010002-00001", JAN_2026, None, ""],
    [*KEY_STU, "XG 5385010003 00001", JAN_2026, None, "skrevet med mellemrum"],
    ["104", "4.0", "Privat", "Sindslidende", "XG-5385010004-00001", "1. januar 2027", None, ""],
    ["1O4", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010004-00002", JAN_2026, None, ""],
    ["108", "4,5", "Komunal", "Udviklingshæmmede", "XG-5385010002-00002", JAN_2026, None, ""],
]


RENT_EAN = "5798000000049"
RENT_RECEIVERS: list[list[object]] = [[RENT_EAN, "husleje", "Jobcentret: husleje"]]
LANDLORD_ROWS: list[list[object]] = [
    ["29403473", "Boligselskabet Fjordbo", "XG-5387100001-00026", None, JAN_2026, None, ""],
    ["31000017", "Andelsboligforeningen Solgården", "XG-5387100002-00026", 15, JAN_2026, None, ""],
    ["31000025", "Boligforeningen Lyngbo", "XG-5387100003-00026", 0.1, JAN_2026, None, ""],
]
# The systems' answers for the example checked against them.
GRANT_KEYS = {(str(k[0]), str(k[1]), str(k[2]), str(k[3])) for k in (KEY_107, KEY_108, KEY_STU)}
UNUSED_GROUPS = ("Hjerneskade", "Autisme", "Misbrug", "Ældre", "Børn og unge")
SYSTEMS_ROWS: list[list[object]] = [
    *GOOD_ROWS[1:],
    ["107", "4.0", "Privat", "Udviklingshaemmede", "XG-5385010001-00107", JAN_2027, None, ""],
    *(
        list[object](["103", "2.0", "Regional", g, "XG-5385010005-00001", JAN_2026, None, ""])
        for g in UNUSED_GROUPS
    ),
]
ERP_ELEMENTS = {"XG-5385010001-00107": True, "XG-5385010002-00001": False,  # STU: unknown
                "XG-5385010005-00001": True}  # fmt: skip


def _workbook(
    path: Path, rows: list[list[object]], *, header: Sequence[str] = HEADERS, title: str = "PSP"
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def build_workbooks(folder: Path) -> None:
    """psp_mapping.xlsx (good), psp_mapping_broken.xlsx and psp_mapping_ark1.xlsx (unusable)."""
    _workbook(folder / "psp_mapping.xlsx", GOOD_ROWS)
    renamed = ["PSP element" if h == "PSP-element" else h for h in HEADERS]
    _workbook(folder / "psp_mapping_broken.xlsx", BROKEN_ROWS, header=renamed)
    _workbook(folder / "psp_mapping_ark1.xlsx", GOOD_ROWS, title="Ark1")
    write_mapping_workbook(
        folder / "psp_mapping_husleje.xlsx",
        GOOD_ROWS,
        receivers=RENT_RECEIVERS,
        landlords=LANDLORD_ROWS,
    )
    _workbook(folder / "psp_mapping_2027.xlsx", SYSTEMS_ROWS)


COMMANDS = {
    "validate-good": ["validate-mapping", "psp_mapping.xlsx"],
    "validate-broken": ["validate-mapping", "psp_mapping_broken.xlsx"],
    "validate-unusable": ["validate-mapping", "psp_mapping_ark1.xlsx"],
    "run-unusable": ["run", "--mapping", "psp_mapping_ark1.xlsx"],
    "validate-rent": ["validate-mapping", "psp_mapping_husleje.xlsx"],
}
IN_PROCESS = {"validate-systems": ["validate-mapping", "psp_mapping_2027.xlsx"]}


def _robot(arguments: list[str], folder: Path) -> str:
    """``$ robot ...``, what it printed (stdout and stderr) and its exit code."""
    environment = {
        **os.environ,
        "ROBOT_JOURNAL_DIR": str(folder / "journal"),
        "ROBOT_RUNS_DIR": str(folder / "runs"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "robot.cli", *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    printed = (done.stdout + done.stderr).rstrip("\n")
    return f"$ robot {' '.join(arguments)}\n{printed}\n$ echo $?\n{done.returncode}"


@contextlib.contextmanager
def _systems_answering() -> Iterator[None]:
    """The case system's keys and the ERP's PSP elements as the example has them, and the
    robot's logins set so that validate-mapping asks."""

    async def keys(settings: Settings) -> set[tuple[str, str, str, str]]:
        return GRANT_KEYS

    async def elements(settings: Settings) -> dict[str, bool]:
        return ERP_ELEMENTS

    saved = (validate._keys, validate._erp_elements, dict(os.environ))
    validate._keys, validate._erp_elements = keys, elements
    os.environ.update(ROBOT_CASE_PASSWORD="example", ROBOT_ERP_PASSWORD="example")
    try:
        yield
    finally:
        validate._keys, validate._erp_elements = saved[0], saved[1]
        os.environ.clear()
        os.environ.update(saved[2])


def _in_process(arguments: list[str], folder: Path) -> str:
    printed = io.StringIO()
    here = Path.cwd()
    os.chdir(folder)
    try:
        with (
            _systems_answering(),
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(printed),
        ):
            code = robot_main(arguments)
    finally:
        os.chdir(here)
    return f"$ robot {' '.join(arguments)}\n{printed.getvalue().rstrip()}\n$ echo $?\n{code}"


def command_outputs() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        build_workbooks(folder)
        outputs = {name: _robot(arguments, folder) for name, arguments in COMMANDS.items()}
        for name, arguments in IN_PROCESS.items():
            outputs[name] = _in_process(arguments, folder)
        return outputs


def runbook_outputs(text: str) -> dict[str, str]:
    return {match["name"]: match["body"] for match in BLOCK.finditer(text)}


def rewrite(text: str, outputs: dict[str, str]) -> str:
    return BLOCK.sub(lambda m: f"{m.group(1)}{outputs[m['name']]}{m.group(4)}", text)


def main(argv: Sequence[str]) -> int:
    outputs = command_outputs()
    if "--write" in argv:
        RUNBOOK.write_text(rewrite(RUNBOOK.read_text(encoding="utf-8"), outputs), encoding="utf-8")
        print(f"updated {RUNBOOK}")
        return 0
    for name, output in outputs.items():
        print(f"<!-- command-output {name} -->\n```text\n{output}\n```\n<!-- /command-output -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
