"""Writing the finished world as the bundle's files (contract sections 2 and 11): case_system.json,
erp.json, benefits.json, users.json (owner-only: it holds passwords), psp_mapping.xlsx and the
invoices."""

from __future__ import annotations

import json
import os
import random
from datetime import date
from pathlib import Path
from typing import Any

from fake_systems.scenarios.catalogue import (
    AMBIGUOUS_PSPS,
    CERTIFICATE_RECEIVERS,
    CERTIFICATE_TYPES,
    CLOSED_PSP,
    RENT_RECEIVER,
    ambiguous_rows,
    mapping_rows,
)
from fake_systems.scenarios.documents import DocumentSpec
from fake_systems.scenarios.mapping_sheet import (
    CERTIFICATE_HEADERS,
    LANDLORD_HEADERS,
    PLAN_HEADERS,
    RECEIVER_HEADERS,
    Cell,
    Sheet,
    write_mapping,
)
from fake_systems.scenarios.oioubl_writer import write_document
from fake_systems.scenarios.plan_book import PlanBook
from fake_systems.scenarios.rent_book import RentBook
from fake_systems.scenarios.world import World

OWNER_ONLY_FOLDER = 0o700
OWNER_ONLY_FILE = 0o600


def make_folder(out: Path) -> None:
    """The bundle folder, readable by its owner only: the demo data holds passwords and CPRs."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_FOLDER)
    out.chmod(OWNER_ONLY_FOLDER)


def dump(path: Path, data: Any, *, mode: int | None = None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if mode is None:
        path.write_text(text, encoding="utf-8")
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(descriptor, mode)  # an earlier file of that name may have had wider rights
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def dump_erp(path: Path, elements: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
    """erp.json with one posted invoice per line: a year of history stays a file people can read
    and diff, at a third of its indented size."""
    posted = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in history)
    text = (
        '{"psp_elements": '
        + json.dumps(elements, ensure_ascii=False, indent=1)
        + ',\n "posted_invoices": [\n'
        + posted
        + "\n]}\n"
    )
    path.write_text(text, encoding="utf-8")


def write_invoices(folder: Path, documents: list[DocumentSpec]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.xml"):
        stale.unlink()
    for n, document in enumerate(documents, start=1):
        (folder / f"invoice-{n:06d}.xml").write_bytes(write_document(document))


def write_world(out: Path, world: World, *, seed: int) -> None:
    providers = [{"cvr": p.cvr, "name": p.name} for p in world.all_providers()]
    case = {
        "citizens": world.citizens,
        "providers": providers,
        "grants": world.grants,
        "payments": world.payments,
        "orders": world.orders,
    }
    dump(out / "case_system.json", case)
    dump(out / "benefits.json", world.rent_book.as_json())
    year = world.as_of.year
    rows = mapping_rows(year)
    elements = [
        {"psp": r.psp, "name": _psp_name(r.paragraph, r.target_group), "open": True} for r in rows
    ]
    elements = [e for e in elements if e["psp"] != CLOSED_PSP]
    elements.append({"psp": CLOSED_PSP, "name": "§107 Regional (lukket)", "open": False})
    elements += [{"psp": p, "name": "§104 Selvejende", "open": True} for p in AMBIGUOUS_PSPS]
    elements += _plan_and_certificate_elements(world.plan_book, year)
    elements += _rent_elements(world.rent_book)
    elements += [
        {"psp": psp, "name": name, "open": is_open}
        for psp, (name, is_open) in world.psp_elements.items()
    ]
    dump_erp(out / "erp.json", elements, world.history)
    sheets = [
        _plan_sheet(world.plan_book),
        *_certificate_sheets(year),
        _landlord_sheet(world.rent_book),
    ]
    write_mapping(out / "psp_mapping.xlsx", rows + ambiguous_rows(year), sheets=sheets)
    dump(out / "users.json", _users(seed), mode=OWNER_ONLY_FILE)


def _users(seed: int) -> list[dict[str, str]]:
    token = random.Random(seed).getrandbits(64).to_bytes(8, "big").hex()
    return [
        {"username": "robot", "password": f"robot-{token}", "role": "robot"},
        {"username": "sagsbehandler", "password": f"sags-{token[:8]}", "role": "caseworker"},
        {"username": "okonomi", "password": f"okonomi-{token[4:12]}", "role": "finance"},
        {"username": "admin", "password": f"admin-{token[8:]}", "role": "admin"},
    ]


def _psp_name(paragraph: str, group: str) -> str:
    return f"§{paragraph} {group}" if paragraph != "STU" else f"STU {group}"


def _plan_and_certificate_elements(plans: PlanBook, year: int) -> list[dict[str, Any]]:
    """Every plan's and certificate type's PSP element, open."""
    named = {row.psp: f"{row.kind.item} {row.receiver.place}" for row in plans.rows}
    named |= {kind.psp(year): f"Lægeerklæring {kind.name}" for kind in CERTIFICATE_TYPES}
    return [{"psp": psp, "name": name, "open": True} for psp, name in named.items()]


def _plan_sheet(plans: PlanBook) -> Sheet:
    rows: list[list[Cell]] = [
        [
            r.supplier.cvr,
            r.receiver.ean,
            r.amount_from,
            r.amount_to,
            r.cadence,
            r.psp,
            r.line_text,
            r.valid_from,
            r.valid_to,
            r.remark,
        ]
        for r in plans.rows
    ]
    return Sheet("Betalingsplaner", PLAN_HEADERS, rows)


def _certificate_sheets(year: int) -> list[Sheet]:
    receivers: list[list[Cell]] = [
        [ean, "lægeerklæring", remark] for ean, remark in CERTIFICATE_RECEIVERS
    ]
    receivers.append([RENT_RECEIVER[0], "husleje", RENT_RECEIVER[1]])
    first = date(year - 1, 1, 1)
    fees: list[list[Cell]] = [
        [kind.name, kind.fee_from, kind.fee_to, kind.psp(year), first, None, ""]
        for kind in CERTIFICATE_TYPES
    ]
    return [
        Sheet("Modtagere", RECEIVER_HEADERS, receivers),
        Sheet("Lægeerklæringer", CERTIFICATE_HEADERS, fees),
    ]


def _rent_elements(rent: RentBook) -> list[dict[str, Any]]:
    """Every approved landlord's PSP element, open."""
    return [
        {"psp": r.psp, "name": f"Husleje {r.company.name}", "open": True} for r in rent.landlords
    ]


def _landlord_sheet(rent: RentBook) -> Sheet:
    rows: list[list[Cell]] = [
        [
            r.company.cvr,
            r.company.name,
            r.psp,
            r.tolerance,
            r.valid_from,
            r.valid_to,
            r.remark,
        ]
        for r in rent.landlords
    ]
    return Sheet("Udlejere", LANDLORD_HEADERS, rows)
