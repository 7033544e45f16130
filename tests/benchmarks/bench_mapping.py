"""Speed check, run by hand: ``python tests/benchmarks/bench_mapping.py [--rows N]``.

Times reading the bad-workbook corpus's attacks (each must be refused or read in about a
second) and an N-row workbook with payment plans (default 100,000 rows, the size the limits
are set for). Prints the figures; exits 1 only when an outcome is wrong. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from robot.errors import MappingUnusable
from robot.mapping import read_mapping
from robot.mapping.builder import HEADERS
from tests.corpus.raw_xlsx import write_bomb, write_xlsx

JAN_1 = date(2026, 1, 1)
ROWS: list[Sequence[object]] = [
    HEADERS,
    ["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", JAN_1],
    ["108", "4.0", "Privat", "Sindslidende", "XG-5385010002-00001", JAN_1],
]
GB = 2**30


def _outcome(path: Path) -> str:
    try:
        report = read_mapping(path)
    except MappingUnusable as refused:
        return f"refused: {str(refused)[:90]}…"
    return f"read: {len(report.table)} usable, {len(report.problems)} problem(s)"


def _attacks(folder: Path) -> dict[str, tuple[Callable[[], Path], str]]:
    source = write_xlsx(folder / "source.xlsx", ROWS)
    return {
        "merged A2:XFD1048576": (
            lambda: write_xlsx(folder / "merged.xlsx", ROWS, merges=["A2:XFD1048576"]),
            "read",
        ),
        "dimension A1:XFD1048576": (
            lambda: write_xlsx(folder / "dim.xlsx", ROWS, dimension="A1:XFD1048576"),
            "read",
        ),
        "texts unpacking to 2 GB": (
            lambda: write_bomb(
                folder / "sst.xlsx", source, part="xl/sharedStrings.xml", unpacked=2 * GB
            ),
            "refused",
        ),
        "one value in XFD1048576": (lambda: _far_value(folder, source), "refused"),
        "sheet unpacking to 2 GB": (
            lambda: write_bomb(
                folder / "sheet.xlsx", source, part="xl/worksheets/sheet1.xml", unpacked=2 * GB
            ),
            "refused",
        ),
    }


def _far_value(folder: Path, source: Path) -> Path:
    """The source with one value in the sheet's last cell: a rectangle of 17 billion cells."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    parts[sheet] = parts[sheet].replace(b"</sheetData>", far)
    path = folder / "far.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args(argv).rows
    wrong = 0
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name, (build, expected) in _attacks(folder).items():
            path = build()
            started = time.perf_counter()
            outcome = _outcome(path)
            elapsed = time.perf_counter() - started
            wrong += not outcome.startswith(expected)
            size = path.stat().st_size / 1024
            print(f"{name:26} {size:8,.0f} KB on disk  {elapsed:6.2f} s  {outcome}")
        table: list[Sequence[object]] = [HEADERS]
        for n in range(rows):
            psp = f"XG-{5385010000 + n}-00001"
            table.append(["107", "4.0", "Privat", f"Målgruppe {n:06d}", psp, JAN_1, None, ""])
        path = write_xlsx(folder / "large.xlsx", table)
        started = time.perf_counter()
        outcome = _outcome(path)
        elapsed = time.perf_counter() - started
        wrong += not outcome.startswith(f"read: {rows} usable")
        print(
            f"{rows:,} rows{'':17} {path.stat().st_size / 1024:8,.0f} KB on disk  "
            f"{elapsed:6.2f} s  {outcome}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
