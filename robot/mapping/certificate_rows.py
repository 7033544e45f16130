"""Reading the ``Modtagere`` and ``Lægeerklæringer`` sheets: the EANs kept for certificates or
rent, and each certificate type's fee interval and PSP element."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from robot.domain.certificates import (
    CertificateRow,
    ReceiverKind,
    ReceiverRow,
    normalize_certificate_type,
)
from robot.domain.formatting import format_amount, join_danish
from robot.mapping.cells import CellError, read_amount, read_date, read_ean, read_psp, read_text
from robot.mapping.problems import Problem, Severity
from robot.mapping.scan import Reader, ScannedSheet
from robot.mapping.suggest import closest
from robot.mapping.validator import common_days, date_order_problem, overlapping_pairs

_KINDS = tuple(kind.value for kind in ReceiverKind)


class _UnknownKind(CellError):
    """A kind this robot does not know: the municipality's own, reported as a warning."""


def _kind(value: object) -> ReceiverKind:
    text = read_text(value)
    wanted = text.casefold()
    for kind in ReceiverKind:
        if kind.value == wanted:
            return kind
    near = closest(text, _KINDS)
    if near is not None:
        raise CellError(f"'{text}' er ikke en slags, robotten kender; mente du '{near}'?")
    raise _UnknownKind(
        f"'{text}' er ikke en slags, robotten kender ({join_danish(_KINDS)}); rækken bruges "
        "ikke af robotten"
    )


_RECEIVER_READERS: dict[str, Reader] = {"ean": read_ean, "kind": _kind}
_FEE_READERS: dict[str, Reader] = {
    "certificate_type": read_text,
    "amount_from": read_amount,
    "amount_to": read_amount,
    "psp": read_psp,
    "valid_from": read_date,
    "valid_to": read_date,
}
_OPTIONAL = {"amount_from", "amount_to", "valid_from", "valid_to"}


@dataclass(slots=True)
class Receivers:
    rows: list[ReceiverRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_used: int = 0


@dataclass(slots=True)
class Fees:
    rows: list[CertificateRow] = field(default_factory=list)
    rejected: list[tuple[str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_used: int = 0


def read_receiver_rows(scan: ScannedSheet) -> Receivers:
    """The ``Modtagere`` rows; an unknown kind is a warning, a near miss of a known one an error,
    and an EAN listed with two kinds an error that leaves out all its rows."""
    out = Receivers(not_used=len(scan.spoiled))
    seen: dict[str, ReceiverRow] = {}
    conflicting: set[str] = set()
    for number, cells in scan.rows:
        unknown = _unknown_kind(scan, number, cells)
        if unknown is not None:
            out.problems.append(unknown)
            out.not_used += 1
            continue
        read, problems = scan.read_row(number, cells, _RECEIVER_READERS, optional=set())
        out.problems += problems
        if problems:
            out.not_used += 1
            continue
        ean, kind = str(read["ean"]), read["kind"]
        assert isinstance(kind, ReceiverKind)
        first = seen.setdefault(ean, ReceiverRow(ean=ean, kind=kind, sheet_row=number))
        if first.sheet_row != number:
            out.problems.append(_listed_again(scan, number, first, kind))
            if first.kind is not kind:
                conflicting.add(ean)
        out.rows.append(ReceiverRow(ean=ean, kind=kind, sheet_row=number))
    if conflicting:
        out.not_used += sum(row.ean in conflicting for row in out.rows)
        out.rows = [row for row in out.rows if row.ean not in conflicting]
    return out


def _listed_again(
    scan: ScannedSheet, number: int, first: ReceiverRow, kind: ReceiverKind
) -> Problem:
    if first.kind is kind:
        message = f"{first.ean} står også i række {first.sheet_row}; den ene række er nok"
        return scan.problem(number, "ean", message, severity=Severity.WARNING)
    message = (
        f"{first.ean} står også i række {first.sheet_row} som '{first.kind.value}', her som "
        f"'{kind.value}'; en EAN kan kun modtage én slags fakturaer, så ingen af rækkerne "
        "bruges. Slet den forkerte række"
    )
    return scan.problem(number, "ean", message)


def _unknown_kind(scan: ScannedSheet, number: int, cells: list[object]) -> Problem | None:
    """A warning for a kind the robot does not know (the rest of the row is not checked)."""
    index = scan.spec.used_fields.index("kind")
    try:
        _kind(cells[index])
    except _UnknownKind as unknown:
        return scan.problem(number, "kind", str(unknown), severity=Severity.WARNING)
    except CellError:
        return None
    return None


def read_fee_rows(scan: ScannedSheet) -> Fees:
    """The ``Lægeerklæringer`` rows: fee interval and PSP element per certificate type."""
    out = Fees(not_used=len(scan.spoiled))
    for number, cells in scan.rows:
        read, problems = scan.read_row(number, cells, _FEE_READERS, optional=_OPTIONAL)
        if not problems:
            problems += date_order_problem(scan, number, read)
            problems += _fee_order_problem(scan, number, read)
        out.problems += problems
        if problems:
            out.not_used += 1
            certificate_type = read.get("certificate_type")
            if isinstance(certificate_type, str):
                out.rejected.append((certificate_type, number))
            continue
        out.rows.append(_fee_row(read, number))
    out.problems += _overlaps(scan, out.rows)
    return out


def _fee_row(read: dict[str, object], number: int) -> CertificateRow:
    start, end = read["valid_from"], read["valid_to"]
    low, high = read["amount_from"], read["amount_to"]
    assert start is None or isinstance(start, date)
    assert end is None or isinstance(end, date)
    assert low is None or isinstance(low, Decimal)
    assert high is None or isinstance(high, Decimal)
    return CertificateRow(
        certificate_type=str(read["certificate_type"]),
        amount_from=low if low is not None else Decimal("0.00"),
        amount_to=high,
        psp=str(read["psp"]),
        valid_from=start,
        valid_to=end,
        sheet_row=number,
    )


def _fee_order_problem(scan: ScannedSheet, number: int, read: dict[str, object]) -> list[Problem]:
    low, high = read.get("amount_from"), read.get("amount_to")
    if isinstance(low, Decimal) and isinstance(high, Decimal) and low > high:
        message = (
            f"Beløb fra {format_amount(low)} er større end Beløb til {format_amount(high)}: "
            "intet honorar passer; rækken bruges ikke"
        )
        return [scan.problem(number, "amount_to", message, named=False)]
    return []


def _overlaps(scan: ScannedSheet, rows: list[CertificateRow]) -> list[Problem]:
    groups: dict[str, list[CertificateRow]] = {}
    for row in rows:
        groups.setdefault(normalize_certificate_type(row.certificate_type), []).append(row)
    problems = []
    for group in groups.values():
        for first, second in overlapping_pairs(group):
            message = (
                f"rækkerne {first.sheet_row} og {second.sheet_row} gælder begge for "
                f"erklæringstype {second.certificate_type} {common_days(first, second)} "
                "(store og små bogstaver, mellemrum og bindestreger tæller ikke); robotten kan "
                "ikke vælge mellem dem, og fakturaer for typen i den tid går til manuel "
                "behandling. Ret Gyldig fra/Gyldig til, så kun én række gælder hver dag."
            )
            problems.append(scan.problem(second.sheet_row, "valid_from", message, named=False))
    return problems
