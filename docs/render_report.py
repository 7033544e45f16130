"""Render the pictures of the two reports in docs/ from a handful of example outcomes.

    .venv/bin/python docs/render_report.py

Needs LibreOffice (`soffice`, Debian's libreoffice-calc) and `pdftoppm` (poppler-utils). Writes
docs/run-report.png and docs/run-report-invoices.png (the run report's sheets Oversigt and
Fakturaer, each as its first printed page) and docs/success-rate.png (the success-rate
workbook's Oversigt). Not part of the tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from robot.journal.model import Outcome, OutcomeKind, Route, RunRecord
from robot.reporting.figures import compute
from robot.reporting.run_report import write_run_report
from robot.reporting.workbook import write_success_workbook

DOCS = Path(__file__).resolve().parent
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
LINDELY = {"supplier_cvr": "12345674", "supplier_name": "Bostedet Lindely ApS"}
KASTANJE = {"supplier_cvr": "29403473", "supplier_name": "Ejendomsselskabet Kastanjehaven A/S"}
LAEGE = {"supplier_cvr": "98106871", "supplier_name": "Lægerne i Algade I/S"}
NORDIC = {"supplier_cvr": "10150817", "supplier_name": "Nordisk Dagtilbud AB"}


def example_outcomes() -> list[Outcome]:
    period = {"period_start": OCTOBER[0], "period_end": OCTOBER[1]}
    paid = OutcomeKind.PAID
    return [
        Outcome(
            erp_id="ERP-000101",
            outcome=paid,
            invoice_key="12345674/INV-1017",
            route=Route.GRANT,
            references="B-1043",
            psp="XG-5385010001-00007",
            amount=Decimal("32240.00"),
            voucher="5100012",
            note="§107 Midlertidigt botilbud · bevilling B-1043 · periode 01.10.2026–31.10.2026",
            **LINDELY,
            **period,
        ),
        Outcome(
            erp_id="ERP-000102",
            outcome=paid,
            invoice_key="12345674/INV-1018",
            route=Route.GRANT,
            references="B-1044, B-1045",
            psp="XG-5385010001-00007",
            amount=Decimal("105400.00"),
            voucher="5100013",
            came_back=True,
            note="§108 Længerevarende botilbud · bevilling B-1044 og B-1045",
            **LINDELY,
            **period,
        ),
        Outcome(
            erp_id="ERP-000103",
            outcome=OutcomeKind.MANUAL,
            invoice_key="12345674/INV-1019",
            route=Route.GRANT,
            code="AMOUNT_MISMATCH",
            amount=Decimal("32000.00"),
            note="[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043: den "
            "forventer 31.200,00 for 01.10–31.10.2026; fakturaen siger 32.000,00.",
            **LINDELY,
            **period,
        ),
        Outcome(
            erp_id="ERP-000104",
            outcome=OutcomeKind.MANUAL,
            invoice_key="12345674/KN-77",
            route=Route.GRANT,
            code="CREDIT_NOTE",
            amount=Decimal("-1040.00"),
            doc_type="credit_note",
            note="[CREDIT_NOTE] Kreditnotaer behandles af en person.",
            **LINDELY,
            **period,
        ),
        Outcome(
            erp_id="ERP-000105",
            outcome=paid,
            invoice_key="29403473/H-2026-10",
            route=Route.PLAN,
            references="Husleje Kastanjehaven",
            psp="XG-5385010001-00099",
            amount=Decimal("10250.00"),
            voucher="5100014",
            note="Betalingsplan · Husleje Kastanjehaven · 29403473 → 5798000012345",
            **KASTANJE,
            **period,
        ),
        Outcome(
            erp_id="ERP-000106",
            outcome=paid,
            invoice_key="98106871/L-311",
            route=Route.CERTIFICATE,
            references="O-2041",
            psp="XG-5385010001-00120",
            amount=Decimal("1185.00"),
            voucher="5100015",
            period_start=date(2026, 11, 2),
            period_end=date(2026, 11, 2),
            note="Lægeerklæring LÆ 265 · bestilling O-2041",
            **LAEGE,
        ),
        Outcome(
            erp_id="ERP-000107",
            outcome=OutcomeKind.MANUAL,
            invoice_key="10150817/S-9",
            route=Route.GRANT,
            code="CURRENCY_NOT_DKK",
            amount=Decimal("45300.50"),
            currency="SEK",
            note="[CURRENCY_NOT_DKK] Fakturaen er i SEK; robotten betaler kun i DKK.",
            **NORDIC,
            **period,
        ),
        Outcome(
            erp_id="ERP-000108",
            outcome=OutcomeKind.NEEDS_PERSON,
            invoice_key="12345674/INV-1020",
            route=Route.GRANT,
            references="B-1050",
            psp="XG-5385010001-00007",
            amount=Decimal("31200.00"),
            voucher="5100016",
            error="Sagssystemet afviste betalingen: perioden er lukket",
            **LINDELY,
            **period,
        ),
        Outcome(
            erp_id="ERP-000109",
            outcome=OutcomeKind.FAILED,
            invoice_key="12345674/INV-1021",
            amount=Decimal("32240.00"),
            error="ERP svarede 503 efter 5 forsøg",
            **LINDELY,
            **period,
        ),
    ]


def run_report(folder: Path) -> Path:
    return write_run_report(
        folder / "report.xlsx",
        outcomes=example_outcomes(),
        run_info=[
            ("Kørsel", "20261123T020000Z-fb34"),
            ("Prøvekørsel", "nej"),
            ("Mappingark", "psp_mapping.xlsx"),
            ("Mappingarkets SHA-256", "9f2c5d0e41b7a3c8" * 4),
        ],
        mapping_problems=[
            "Fejl i ark 'PSP', række 14, kolonne E (PSP-element): 'XG-53' er ikke et PSP-element;"
            " rækken bruges ikke"
        ],
    )


def success_rate(folder: Path) -> Path:
    runs = [
        RunRecord(
            f"2026{m:02d}23T020000Z-r{m}",
            f"2026-{m:02d}-23T02:00:00Z",
            None,
            "robot-1",
            False,
            "psp_mapping.xlsx",
            "x",
            0,
        )
        for m in (9, 10, 11)
    ]
    rows = []
    for i, (run, o) in enumerate(((run, o) for run in runs for o in example_outcomes()), start=1):
        month = int(run.started_at[5:7]) - 1
        moved = replace(
            o,
            erp_id=f"{o.erp_id}-{month}",
            period_start=o.period_start.replace(month=month) if o.period_start else None,
        )
        if month == 8 and moved.outcome is OutcomeKind.PAID and moved.route is Route.GRANT:
            moved = replace(moved, outcome=OutcomeKind.MANUAL, code="NO_PSP_MAPPING")
        rows.append(_row(i, run.run_id, moved))
    return write_success_workbook(folder / "success-rate.xlsx", compute(runs, rows))


def _row(i: int, run_id: str, o: Outcome) -> dict[str, object]:
    return {
        "id": i, "run_id": run_id, "at": "", "erp_id": o.erp_id, "invoice_key": o.invoice_key,
        "supplier_cvr": o.supplier_cvr, "supplier_name": o.supplier_name,
        "route": o.route.value if o.route else None, "outcome": o.outcome.value,
        "code": o.code, "refs": o.references, "psp": o.psp, "amount": str(o.amount),
        "currency": o.currency, "doc_type": o.doc_type,
        "period_start": o.period_start.isoformat() if o.period_start else None,
        "period_end": None, "voucher": o.voucher, "came_back": int(o.came_back), "note": "",
        "error": o.error,
    }  # fmt: skip


def render(workbook: Path, pages: dict[int, Path]) -> None:
    """Print the workbook to PDF as Excel would (by its page settings), then pages to PNG."""
    work = workbook.parent
    profile = _danish_profile(work / "profile")
    _tool("soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
          "--convert-to", "pdf", "--outdir", str(work), str(workbook))  # fmt: skip
    pdf = str(workbook.with_suffix(".pdf"))
    for page, png in pages.items():
        stem = work / f"page-{page}"
        _tool("pdftoppm", "-png", "-r", "110", "-singlefile", "-f", str(page), "-l", str(page),
              pdf, str(stem))  # fmt: skip
        shutil.copy(stem.with_suffix(".png"), png)


def _danish_profile(folder: Path) -> Path:
    """A LibreOffice profile with Danish locale, so numbers print as Danish Excel shows them
    (105.400,00)."""
    folder.mkdir(exist_ok=True)
    (folder / "user").mkdir(exist_ok=True)
    setting = (
        '<item oor:path="/org.openoffice.Setup/L10N">'
        '<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>da-DK</value></prop></item>'
    )
    (folder / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items'
        ' xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{setting}</oor:items>\n",
        encoding="utf-8",
    )
    return folder


def _tool(name: str, *args: str) -> None:
    program = shutil.which(name)
    if program is None:
        sys.exit(f"{name} is needed: apt-get install libreoffice-calc poppler-utils")
    subprocess.run([program, *args], check=True, capture_output=True)  # noqa: S603 (our arguments)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        render(
            run_report(folder),
            {1: DOCS / "run-report.png", 2: DOCS / "run-report-invoices.png"},
        )
        render(success_rate(folder), {1: DOCS / "success-rate.png"})
    print(f"wrote the pictures in {DOCS}")


if __name__ == "__main__":
    main()
