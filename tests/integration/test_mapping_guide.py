"""mappings/README.md shows what `robot validate-mapping` really prints for its example of
mistakes in the payment plan, certificate and landlord sheets."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from robot.mapping import read_mapping
from robot.mapping.builder import write_mapping_workbook
from robot.mapping.validator import render_report

GUIDE = Path(__file__).resolve().parents[2] / "mappings" / "README.md"
BLOCK = re.compile(
    r"<!-- validate-output guide -->\n```text\n(?P<body>.*?)\n```\n<!-- /validate-output -->",
    re.DOTALL,
)
JAN_1 = date(2026, 1, 1)
PSP: list[list[object]] = [
    ["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385070111-00026", JAN_1]
]
PLANS: list[list[object]] = [
    [
        "29403473", "5798000012349", "9000,00", "11000,00", "måned", "XG-5386100001-00026",
        "Husleje Kastanjehaven", JAN_1, None, "",
    ],
    [
        "25313763", "5798000012345", None, "25000", "kvartalsvis", "XG-5386200001-00026",
        "Rengøring Kastanjehaven", JAN_1, None, "",
    ],
    [
        "29403473", "5798000012349", "9500", "12000", "måned", "XG-5386100001-00027",
        "Husleje Kastanjehaven inkl. varme", date(2026, 7, 1), None, "ny lejekontrakt",
    ],
]  # fmt: skip
RECEIVERS: list[list[object]] = [
    ["5798000000018", "lægeerklæringer", "Jobcentret"],
    ["5798000000049", "husleje", "Jobcentret: husleje"],
]
FEES: list[list[object]] = [["LÆ 265", "900,00", "700,00", "XG-5386900001-00026", JAN_1, None]]
LANDLORDS: list[list[object]] = [
    ["29403473", "Boligselskabet Fjordbo", "xg-5387100001-00026", "10 %", JAN_1, None, ""],
    ["31000017", "Andelsboligforeningen Solgården", "XG-5387100002-00026", 150, JAN_1, None, ""],
]


def test_the_guides_example_output_is_what_validate_mapping_prints(tmp_path: Path) -> None:
    path = write_mapping_workbook(
        tmp_path / "psp_mapping.xlsx",
        PSP,
        plans=PLANS,
        receivers=RECEIVERS,
        certificates=FEES,
        landlords=LANDLORDS,
    )
    printed = render_report(read_mapping(path), name="psp_mapping.xlsx")
    found = BLOCK.search(GUIDE.read_text(encoding="utf-8"))
    assert found is not None, "the guide lost its example block"
    assert found["body"].splitlines() == printed


def guide_output(tmp_path: Path) -> list[str]:
    """What the guide's example prints, for writing it into the guide."""
    path = write_mapping_workbook(
        tmp_path / "psp_mapping.xlsx",
        PSP,
        plans=PLANS,
        receivers=RECEIVERS,
        certificates=FEES,
        landlords=LANDLORDS,
    )
    return render_report(read_mapping(path), name="psp_mapping.xlsx")
