"""The run report finance opens in Excel (Danish, formats, totals per currency, printable, no
formula from any text) and the console summary at the end of a run."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from robot.journal.model import Outcome, OutcomeKind, Route
from robot.reporting.run_report import write_run_report
from robot.run.runner import RunState
from robot.run.summary import came_back_line, print_summary, route_lines, summary_line

OCTOBER = {"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}
RUN_INFO = [("Kørsel", "20261123T020000Z-fb34"), ("Prøvekørsel", "nej")]
INVOICE_HEADERS = [
    "ERP-id",
    "Faktura",
    "Leverandør",
    "CVR",
    "Betalingsmåde",
    "Udfald",
    "Kode",
    "Bevilling / plan / bestilling",
    "PSP-element",
    "Beløb",
    "Valuta",
    "Periode fra",
    "Periode til",
    "Faktureret måned",
    "Bilag",
    "Sendt tilbage",
    "Note / bemærkning",
    "Fejl",
]


def make_outcome(**overrides: Any) -> Outcome:
    """ERP-1: INV-1017 from Bostedet Lindely ApS for October, paid on grant B-1043."""
    fields: dict[str, Any] = {
        "erp_id": "ERP-1",
        "outcome": OutcomeKind.PAID,
        "invoice_key": "12345674/INV-1017",
        "supplier_cvr": "12345674",
        "supplier_name": "Bostedet Lindely ApS",
        "route": Route.GRANT,
        "references": "B-1043",
        "psp": "XG-5385010001-00007",
        "amount": Decimal("105400.00"),
        "voucher": "5100012",
        "note": "§107 Midlertidigt botilbud · bevilling B-1043",
        **OCTOBER,
    }
    fields.update(overrides)
    return Outcome(**fields)


def write(tmp_path: Path, *outcomes: Outcome, **kw: Any) -> Workbook:
    kw.setdefault("run_info", RUN_INFO)
    path = write_run_report(tmp_path / "report.xlsx", outcomes=list(outcomes), **kw)
    return load_workbook(path)


def rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def row_of(sheet: Worksheet, first: str) -> tuple[Cell, ...]:
    """The first row whose first cell is `first`, from the top."""
    return next(r for r in sheet.iter_rows() if r[0].value == first)


def invoice(book: Workbook, erp_id: str) -> dict[str, Cell]:
    sheet = book["Fakturaer"]
    headers = [c.value for c in sheet[1]]
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == erp_id)
    return dict(zip(headers, cells, strict=True))


def all_cells(book: Workbook) -> Iterator[Cell]:
    for sheet in book:
        for row in sheet.iter_rows():
            yield from row


# the sheets ---------------------------------------------------------------------------------


def test_report_sheets_and_invoice_headings_are_danish(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(),
        make_outcome(erp_id="ERP-2", came_back=True),
        make_outcome(erp_id="ERP-3", outcome=OutcomeKind.FAILED, error="503"),
        mapping_problems=["Fejl i ark 'PSP', række 5: ..."],
    )
    assert book.sheetnames == [
        "Oversigt",
        "Fakturaer",
        "Sendt tilbage",
        "Kræver handling",
        "Mappingproblemer",
    ]
    assert [c.value for c in book["Fakturaer"][1]] == INVOICE_HEADERS


def test_a_run_with_nothing_sent_back_or_left_has_no_sheets_for_them(tmp_path: Path) -> None:
    assert write(tmp_path, make_outcome()).sheetnames == ["Oversigt", "Fakturaer"]


def test_an_empty_run_still_writes_the_report_with_its_headings(tmp_path: Path) -> None:
    book = write(tmp_path)
    assert rows(book["Fakturaer"]) == [tuple(INVOICE_HEADERS)]
    assert row_of(book["Oversigt"], "Fakturaer i alt")[1].value == 0


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (OutcomeKind.PAID, "Betalt"),
        (OutcomeKind.MANUAL, "Manuel behandling"),
        (OutcomeKind.FAILED, "Efterlades til næste kørsel"),
        (OutcomeKind.NEEDS_PERSON, "Bogført – betaling registreres af en person"),
        (OutcomeKind.SKIPPED, "Allerede behandlet"),
        (OutcomeKind.WOULD_PAY, "Ville betale (prøvekørsel)"),
        (OutcomeKind.WOULD_NOTE, "Ville sende til manuel (prøvekørsel)"),
    ],
)
def test_each_outcome_is_named_in_danish(tmp_path: Path, kind: OutcomeKind, label: str) -> None:
    book = write(tmp_path, make_outcome(outcome=kind))
    assert invoice(book, "ERP-1")["Udfald"].value == label


# amounts, currencies, dates -------------------------------------------------------------------


def test_amounts_have_thousands_separators_and_two_decimals(tmp_path: Path) -> None:
    cell = invoice(write(tmp_path, make_outcome()), "ERP-1")["Beløb"]
    assert cell.value == 105400
    assert cell.number_format == "#,##0.00"


def test_a_credit_note_is_negative_and_its_currency_stands_beside_the_amount(
    tmp_path: Path,
) -> None:
    credit = make_outcome(
        outcome=OutcomeKind.MANUAL,
        code="CREDIT_NOTE",
        amount=Decimal("-1040.00"),
        doc_type="credit_note",
    )
    row = invoice(write(tmp_path, credit), "ERP-1")
    assert row["Beløb"].value == -1040
    assert row["Valuta"].value == "DKK"
    assert row["Kode"].value == "CREDIT_NOTE"


def test_amounts_in_different_currencies_are_never_added_together(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(amount=Decimal("1000.00")),
        make_outcome(erp_id="ERP-2", outcome=OutcomeKind.MANUAL, code="CREDIT_NOTE",
                     amount=Decimal("-200.00"), doc_type="credit_note"),
        make_outcome(erp_id="ERP-3", outcome=OutcomeKind.MANUAL, code="CURRENCY_NOT_DKK",
                     amount=Decimal("500.00"), currency="SEK"),
        make_outcome(erp_id="ERP-4", outcome=OutcomeKind.MANUAL, code="CURRENCY_NOT_DKK",
                     amount=Decimal("70.00"), currency="NOK"),
    )  # fmt: skip
    overview = book["Oversigt"]
    numbers = {c.value for c in all_cells(book) if isinstance(c.value, int | float)}
    assert not numbers & {1300, 1370, 1500, 1570, 800 + 500, 800 + 570}
    totals = row_of(overview, "I alt")
    header = [c.value for c in row_of(overview, "Udfald / kode")]
    assert header[:5] == ["Udfald / kode", "Fakturaer", "Beløb (DKK)", "Beløb (NOK)", "Beløb (SEK)"]
    assert [c.value for c in totals[:5]] == ["I alt", 4, 800, 70, 500]
    assert [c.value for c in row_of(overview, "DKK")[:4]] == ["DKK", 2, 1, 800]
    assert [c.value for c in row_of(overview, "SEK")[:4]] == ["SEK", 1, 0, 500]
    assert all(c.number_format == "#,##0.00" for c in totals[2:5])


def test_periods_are_dates_and_the_billed_month_stands_beside_them(tmp_path: Path) -> None:
    row = invoice(write(tmp_path, make_outcome()), "ERP-1")
    assert row["Periode fra"].value.date() == date(2026, 10, 1)
    assert row["Periode til"].value.date() == date(2026, 10, 31)
    assert row["Periode fra"].number_format == "dd-mm-yyyy"
    assert row["Faktureret måned"].value.date() == date(2026, 10, 1)
    assert row["Faktureret måned"].number_format == "yyyy-mm"


def test_an_invoice_row_carries_voucher_references_and_the_sent_back_flag(tmp_path: Path) -> None:
    row = invoice(write(tmp_path, make_outcome(came_back=True)), "ERP-1")
    assert row["Bilag"].value == "5100012"
    assert row["Bevilling / plan / bestilling"].value == "B-1043"
    assert row["PSP-element"].value == "XG-5385010001-00007"
    assert row["Sendt tilbage"].value == "ja"
    assert row["Leverandør"].value == "Bostedet Lindely ApS"
    assert row["CVR"].value == "12345674"


# the overview -----------------------------------------------------------------------------------


def test_overview_counts_and_sums_each_outcome_and_code(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(amount=Decimal("100.00")),
        make_outcome(erp_id="ERP-2", outcome=OutcomeKind.MANUAL, code="AMOUNT_MISMATCH",
                     amount=Decimal("5.00")),
        make_outcome(erp_id="ERP-3", outcome=OutcomeKind.MANUAL, code="AMOUNT_MISMATCH",
                     amount=Decimal("7.00")),
    )  # fmt: skip
    overview = book["Oversigt"]
    assert [c.value for c in row_of(overview, "Betalt")[:3]] == ["Betalt", 1, 100]
    assert [c.value for c in row_of(overview, "Manuel behandling")[:3]] == [
        "Manuel behandling",
        2,
        12,
    ]
    code = row_of(overview, "AMOUNT_MISMATCH")
    assert [c.value for c in code[:4]] == [
        "AMOUNT_MISMATCH",
        2,
        12,
        "Beløbet passer ikke med bevillingen",
    ]


def test_overview_tells_the_three_ways_of_paying_apart(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(),
        make_outcome(erp_id="ERP-2", outcome=OutcomeKind.MANUAL, code="AMOUNT_MISMATCH"),
        make_outcome(erp_id="ERP-3", route=Route.PLAN, amount=Decimal("10250.00")),
        make_outcome(erp_id="ERP-4", route=Route.CERTIFICATE, outcome=OutcomeKind.MANUAL,
                     code="NO_ORDER"),
        make_outcome(erp_id="ERP-5", route=None, outcome=OutcomeKind.FAILED),
    )  # fmt: skip
    overview = book["Oversigt"]
    grant = [c.value for c in row_of(overview, "Bevilling")[:7]]
    assert grant == ["Bevilling", 2, 1, 1, 0, 0.5, 105400]
    assert [c.value for c in row_of(overview, "Betalingsplan")[:7]] == [
        "Betalingsplan", 1, 1, 0, 0, 1, 10250,
    ]  # fmt: skip
    assert [c.value for c in row_of(overview, "Lægeerklæring")[:6]] == [
        "Lægeerklæring", 1, 0, 1, 0, 0,
    ]  # fmt: skip
    assert row_of(overview, "Ikke afgjort")[4].value == 1
    assert row_of(overview, "Bevilling")[5].number_format == "0.0%"
    ways = {invoice(book, f"ERP-{i}")["Betalingsmåde"].value for i in range(1, 6)}
    assert ways == {"Bevilling", "Betalingsplan", "Lægeerklæring", "Ikke afgjort"}


def test_overview_holds_the_runs_facts(tmp_path: Path) -> None:
    info = [*RUN_INFO, ("Mappingark", "psp_mapping.xlsx")]
    book = write(tmp_path, make_outcome(came_back=True), run_info=info)
    overview = book["Oversigt"]
    assert overview["A1"].value == "Kørselsrapport 20261123T020000Z-fb34"
    assert row_of(overview, "Mappingark")[1].value == "psp_mapping.xlsx"
    assert row_of(overview, "Sendt tilbage til robotten")[1].value == 1


def test_a_dry_run_says_so_at_the_top_and_counts_what_it_would_pay(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(outcome=OutcomeKind.WOULD_PAY),
        run_info=[("Kørsel", "x"), ("Prøvekørsel", "ja")],
    )
    overview = book["Oversigt"]
    assert overview["A1"].value == "Kørselsrapport x (prøvekørsel)"
    assert "intet er bogført" in overview["A2"].value
    assert [c.value for c in row_of(overview, "Bevilling")[:3]] == ["Bevilling", 1, 1]


# invoices that came back, and those a person must act on ---------------------------------------


def test_invoices_sent_back_are_listed_with_what_became_of_them(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(came_back=True),
        make_outcome(erp_id="ERP-2", came_back=True, outcome=OutcomeKind.MANUAL,
                     code="AMOUNT_MISMATCH", note="[AMOUNT_MISMATCH] Beløbet passer ikke"),
        make_outcome(erp_id="ERP-3"),
    )  # fmt: skip
    sheet = book["Sendt tilbage"]
    assert [r[:6] for r in rows(sheet)[1:]] == [
        ("ERP-1", "12345674/INV-1017", "Bostedet Lindely ApS", "Bevilling", "Betalt", None),
        ("ERP-2", "12345674/INV-1017", "Bostedet Lindely ApS", "Bevilling",
         "Manuel behandling", "AMOUNT_MISMATCH"),
    ]  # fmt: skip
    assert rows(sheet)[0][4] == "Det blev til"


def test_invoices_needing_a_person_say_what_to_do(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(outcome=OutcomeKind.NEEDS_PERSON, error="betalingen blev afvist"),
        make_outcome(erp_id="ERP-2", outcome=OutcomeKind.FAILED, route=None, error="503"),
        make_outcome(erp_id="ERP-3", outcome=OutcomeKind.MANUAL, code="NO_GRANT"),
    )
    sheet = book["Kræver handling"]
    todo = {r[0]: r[4] for r in rows(sheet)[1:]}
    assert set(todo) == {"ERP-1", "ERP-2"}
    assert todo["ERP-1"] == (
        "Fakturaen er bogført (bilag 5100012). Registrér betalingen på bevillingen B-1043 i "
        "sagssystemet (»Registrér betaling«)."
    )
    assert todo["ERP-2"].startswith("Intet lige nu: fakturaen er urørt")


def test_mapping_problems_get_their_own_sheet(tmp_path: Path) -> None:
    problem = "Fejl i ark 'PSP', række 14, kolonne E (PSP-element): ugyldigt"
    book = write(tmp_path, mapping_problems=[problem])
    assert rows(book["Mappingproblemer"]) == [("Problem i mappingarket",), (problem,)]


# printing ---------------------------------------------------------------------------------------


def test_every_sheet_prints_landscape_on_a4_one_page_wide(tmp_path: Path) -> None:
    book = write(
        tmp_path,
        make_outcome(came_back=True, outcome=OutcomeKind.NEEDS_PERSON),
        mapping_problems=["x"],
    )
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert int(sheet.page_setup.fitToWidth) == 1
        assert int(sheet.page_setup.fitToHeight) == 0
        assert "&P" in sheet.oddFooter.right.text


def test_list_sheets_have_a_bold_frozen_filtered_header_repeated_on_every_page(
    tmp_path: Path,
) -> None:
    book = write(tmp_path, make_outcome(came_back=True, outcome=OutcomeKind.FAILED))
    for name in ("Fakturaer", "Sendt tilbage", "Kræver handling"):
        sheet = book[name]
        assert sheet.print_title_rows == "$1:$1", name
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref.startswith("A1:"), name
        assert all(cell.font.bold for cell in sheet[1]), name


def test_columns_are_sized_for_their_contents_and_long_notes_wrap(tmp_path: Path) -> None:
    note = "[AMOUNT_MISMATCH] " + "Beløbet passer ikke med bevilling B-1043. " * 6
    book = write(tmp_path, make_outcome(note=note))
    sheet = book["Fakturaer"]
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert widths["Note / bemærkning"] >= 40
    assert widths["ERP-id"] < 15
    cell = invoice(book, "ERP-1")["Note / bemærkning"]
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[cell.row].height >= 15 * 6


# text stays text -----------------------------------------------------------------------------------


def test_no_text_can_become_a_formula_not_even_a_run_fact_or_the_mapping_file_name(
    tmp_path: Path,
) -> None:
    dangerous = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
    book = write(
        tmp_path,
        make_outcome(note=dangerous[0], supplier_name=dangerous[1], invoice_key=dangerous[2]),
        make_outcome(erp_id="ERP-2", outcome=OutcomeKind.FAILED, error=dangerous[3]),
        run_info=[("Kørsel", "x"), ("Mappingark", dangerous[0]), (dangerous[4], "ja")],
        mapping_problems=[dangerous[4]],
    )
    cells = list(all_cells(book))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value: c for c in cells if c.value in dangerous}
    assert set(texts) == set(dangerous)  # stored exactly as written
    assert all(c.data_type == "s" and c.quotePrefix for c in texts.values())


def test_a_cpr_number_in_an_invoices_own_texts_is_masked_as_in_the_journal(
    tmp_path: Path,
) -> None:
    book = write(
        tmp_path,
        make_outcome(
            invoice_key="12345674/010190-1234",
            note="Ophold CPR 0101901234",
            error="afvist: 010190 1234",
            supplier_name="Hjemmet v/ 010190-1234",
        ),
        run_info=[("Mappingark", "mapping 0101901234.xlsx")],
    )
    texts = " ".join(str(c.value) for c in all_cells(book) if isinstance(c.value, str))
    assert "1234" not in texts.replace("12345674", "")
    assert "cpr#" in invoice(book, "ERP-1")["Faktura"].value


def test_control_characters_in_a_text_do_not_stop_the_report(tmp_path: Path) -> None:
    book = write(tmp_path, make_outcome(note="linje\x00 et\x1b og to", invoice_key="1/A\x07"))
    row = invoice(book, "ERP-1")
    assert row["Note / bemærkning"].value == "linje et og to"
    assert row["Faktura"].value == "1/A"


def test_report_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_run_report(path, outcomes=[], run_info=[])
    assert path.stat().st_mode & 0o777 == 0o600


# the console summary --------------------------------------------------------------------------------


def test_summary_line_for_cron_mail_is_kept(tmp_path: Path) -> None:
    state = RunState(
        outcomes=[
            make_outcome(),
            make_outcome(erp_id="ERP-2", outcome=OutcomeKind.MANUAL),
            make_outcome(erp_id="ERP-3", outcome=OutcomeKind.FAILED),
        ]
    )
    line = summary_line(state, run_dir=Path("runs/r1"), dry_run=False)
    assert line == "robot run: 3 invoices: 1 paid, 1 manual, 1 left for next run; folder runs/r1"


def test_summary_gives_counts_per_way_of_paying_only_when_there_are_several() -> None:
    grant_only = [make_outcome(), make_outcome(erp_id="E2", route=None, outcome=OutcomeKind.FAILED)]
    assert route_lines(grant_only) == []
    mixed = [
        *grant_only,
        make_outcome(erp_id="E3", route=Route.PLAN),
        make_outcome(erp_id="E4", route=Route.CERTIFICATE, outcome=OutcomeKind.MANUAL),
    ]
    assert route_lines(mixed) == [
        "By way of paying: grant 1 (1 paid); payment plan 1 (1 paid); certificate 1 (1 manual);"
        " not decided 1 (1 left for next run)"
    ]


def test_summary_has_a_line_on_invoices_that_came_back() -> None:
    assert came_back_line([make_outcome()]) == ""
    back = [
        make_outcome(came_back=True),
        make_outcome(erp_id="E2", came_back=True, outcome=OutcomeKind.MANUAL),
    ]
    assert came_back_line(back) == "Sent back to the robot by a person: 2 (1 paid, 1 manual)"


def test_printed_summary_ends_with_the_cron_line(tmp_path: Path) -> None:
    state = RunState(
        outcomes=[make_outcome(came_back=True), make_outcome(erp_id="E2", route=Route.PLAN)]
    )
    out = io.StringIO()
    print_summary(
        state, report_path=tmp_path / "report.xlsx", line="robot run: ...", out=out, err=out
    )
    lines = out.getvalue().splitlines()
    assert lines[-1] == "robot run: ..."
    assert "By way of paying: grant 1 (1 paid); payment plan 1 (1 paid)" in lines
    assert "Sent back to the robot by a person: 1 (1 paid)" in lines
