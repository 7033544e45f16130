"""The workbook `robot backtest` writes: `Oversigt`, the figures per month and in total, then
one sheet per month with each invoice people posted, what the robot would have suggested and
what learned postings would have done."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from robot.domain.plans import Cadence, cadence_label
from robot.learning.backtest import Figures, MonthReplay, Replayed
from robot.learning.reasons import shown
from robot.reporting.excel import AMOUNT, COUNT, DATE, PERCENT, Column, list_sheet, save_owner_only

OVERVIEW = "Oversigt"
_BASIS = {"pair": "Leverandør og modtager", "texts": "Nærmeste linjetekster", "": "Intet forslag"}
OVERVIEW_COLUMNS = (
    Column("Måned", 15),
    Column("Lært af (fakturaer de 12 måneder før)", 13, COUNT),
    Column("Fakturaer", 10, COUNT),
    Column("Med forslag", 10, COUNT),
    Column("Andel med forslag", 10, PERCENT),
    Column("Første forslag rigtigt", 10, COUNT),
    Column("Andel første forslag rigtigt", 10, PERCENT),
    Column("Rigtigt blandt de 3 første", 10, COUNT),
    Column("Andel rigtigt blandt de 3 første", 10, PERCENT),
    Column("Lært kontering ville betale", 11, COUNT),
    Column("Beløb lært kontering ville betale", 14, AMOUNT),
    Column("Heraf afviger fra det bogførte", 11, COUNT),
)
MONTH_COLUMNS = (
    Column("Leverandør-CVR", 11),
    Column("Leverandør", 28, wrap=True),
    Column("Modtager-EAN", 15),
    Column("Fakturanummer", 14),
    Column("Bogført", 11, DATE),
    Column("Beløb", 12, AMOUNT),
    Column("Bogført på (flest linjer)", 21),
    Column("Første forslag", 21),
    Column("Forslag ud fra", 18),
    Column("Første forslag rigtigt", 9),
    Column("Rigtigt blandt de 3 første", 9),
    Column("Lært kontering ville betale", 9),
    Column("Lært kontering på", 21),
    Column("Afviger fra det bogførte", 9),
    Column("Ellers", 24),
)


def _yes(value: bool) -> str:
    return "Ja" if value else "Nej"


def _month_name(replay: MonthReplay) -> str:
    return cadence_label(Cadence.MONTH, replay.month)


def _overview_row(label: str, learned_from: int | None, f: Figures) -> list[object]:
    return [
        label,
        learned_from,
        f.invoices,
        f.suggested,
        f.share(f.suggested),
        f.first_right,
        f.share(f.first_right),
        f.top_right,
        f.share(f.top_right),
        f.paid,
        f.paid_amount,
        f.differs,
    ]


def _invoice_row(r: Replayed) -> list[object]:
    bill, decision = r.bill, r.decision
    learned_psps = sorted({p.psp for p in decision.postings}) if r.pays else []
    return [
        bill.supplier_cvr,
        shown(bill.supplier_name),
        bill.receiver_ean,
        shown(bill.invoice_number),
        bill.posted_at,
        bill.total,
        r.people,
        r.suggested[0] if r.suggested else "",
        _BASIS[r.basis],
        _yes(r.first_right),
        _yes(r.top_right),
        _yes(r.pays),
        ", ".join(learned_psps),
        _yes(r.differs),
        "" if r.pays or decision.code is None else decision.code.value,
    ]


def write_backtest_workbook(path: Path, months: Sequence[MonthReplay]) -> Path:
    """Saved owner-only: the overview first, then the months, oldest first."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = OVERVIEW
    total = sum((m.figures for m in months), Figures())
    rows = [_overview_row(_month_name(m), m.learned_from, m.figures) for m in months]
    list_sheet(
        sheet,
        OVERVIEW_COLUMNS,
        [*rows, _overview_row("I alt", None, total)],
        title="Tilbageblik: forslag og lært kontering, måned for måned",
    )
    for month in months:
        name = _month_name(month)
        list_sheet(
            book.create_sheet(name),
            MONTH_COLUMNS,
            [_invoice_row(r) for r in month.replayed],
            title=f"Tilbageblik {name}: lært af de 12 måneder før",
        )
    return save_owner_only(book, path)
