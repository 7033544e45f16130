"""`fake-systems generate`: a deterministic bundle of any size with every outcome represented
and its ground truth, known from how each invoice was built (never from the robot's matcher)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fake_systems.scenarios import manual_documents as docs
from fake_systems.scenarios import manual_lines as lines
from fake_systems.scenarios import paid
from fake_systems.scenarios.catalogue import (
    AMBIGUOUS_PSPS,
    CLOSED_PSP,
    ambiguous_rows,
    mapping_rows,
)
from fake_systems.scenarios.documents import DocumentSpec
from fake_systems.scenarios.mapping_sheet import write_mapping
from fake_systems.scenarios.oioubl_writer import write_document
from fake_systems.scenarios.world import Expected, World

Builder = Callable[[World], tuple[DocumentSpec, Expected]]
APPROVAL_LIMIT = paid.APPROVAL_LIMIT

# Every kind of case, with its weight in the mix; the first bundle invoices take one of each,
# in this order, so even a small bundle has every code.
CASES: tuple[tuple[Builder, int], ...] = (
    (paid.paid_single, 300),
    (docs.credit_note, 20),
    (lines.amount_mismatch, 50),
    (lines.missing_cpr, 40),
    (paid.paid_collective, 60),
    (lines.no_grant_for_period, 30),
    (docs.duplicate_invoice, 15),
    (lines.line_failed, 20),
    (paid.paid_buyer_reference, 50),
    (docs.invalid_cvr, 15),
    (lines.citizen_not_found, 20),
    (lines.psp_rejected, 5),
    (paid.paid_part_month, 60),
    (docs.period_not_payable, 20),
    (lines.invalid_cpr, 15),
    (lines.no_grant_for_provider, 20),
    (lines.no_payable_grant, 20),
    (paid.paid_hours, 40),
    (lines.ambiguous_grant, 10),
    (lines.no_psp_mapping, 15),
    (lines.duplicate_payment, 20),
    (docs.currency_not_dkk, 10),
    (paid.paid_among_other_grants, 60),
    (lines.no_grant, 10),
    (lines.ambiguous_psp_mapping, 5),
    (lines.above_approval_limit, 10),
    (paid.paid_two_months, 30),
)


@dataclass
class Summary:
    invoices: int
    seed: int
    as_of: date
    codes: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        paid_count = self.codes.pop("paid", 0)
        out = [
            f"Generated {self.invoices} invoices (seed {self.seed}, run date {self.as_of}):"
            f" {paid_count} to be paid, {self.invoices - paid_count} to manual handling",
        ]
        out += [f"  {code:<24} {n:>7}" for code, n in sorted(self.codes.items())]
        self.codes["paid"] = paid_count
        return out


def generate(out: Path, *, invoices: int, seed: int, as_of: date) -> Summary:
    """Write the bundle folder (contract section 2) and return what it holds."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    rng = random.Random(seed)
    world = World.create(rng, as_of=as_of, invoices=invoices)
    built = _build(world, invoices)
    _write_invoices(out / "invoices", [doc for doc, _ in built])
    _write_world(out, world, seed=seed)
    expected = {f"{d.supplier.cvr}/{d.number}": e for d, e in built}
    _write_expected(out / "expected.json", expected, seed=seed, as_of=as_of)
    summary = Summary(invoices, seed, as_of)
    summary.codes.update(e.code or "paid" for e in expected.values())
    return summary


def _build(world: World, count: int) -> list[tuple[DocumentSpec, Expected]]:
    builders = [builder for builder, _ in CASES]
    weights = [weight for _, weight in CASES]
    plan = builders[:count] + world.rng.choices(builders, weights, k=max(0, count - len(CASES)))
    built: list[tuple[DocumentSpec, Expected]] = []
    keys: set[str] = set()
    for builder in plan:
        document, expected = builder(world)
        while f"{document.supplier.cvr}/{document.number}" in keys:  # a rare clash of numbers
            document, expected = builder(world)
        if expected.status == "posted" and document.payable > APPROVAL_LIMIT:
            raise AssertionError(f"{builder.__name__} built a paid case above the limit")
        keys.add(f"{document.supplier.cvr}/{document.number}")
        built.append((document, expected))
    world.rng.shuffle(built)  # the inbox mixes them, as a month's mail does
    return built


def _write_invoices(folder: Path, documents: list[DocumentSpec]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.xml"):
        stale.unlink()
    for n, document in enumerate(documents, start=1):
        (folder / f"invoice-{n:06d}.xml").write_bytes(write_document(document))


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_world(out: Path, world: World, *, seed: int) -> None:
    providers = [{"cvr": p.cvr, "name": p.name} for p in world.all_providers()]
    _dump(
        out / "case_system.json",
        {
            "citizens": world.citizens,
            "providers": providers,
            "grants": world.grants,
            "payments": world.payments,
        },
    )
    year = world.as_of.year
    rows = mapping_rows(year)
    elements = [
        {"psp": r.psp, "name": _psp_name(r.paragraph, r.target_group), "open": True} for r in rows
    ]
    elements = [e for e in elements if e["psp"] != CLOSED_PSP]
    elements.append({"psp": CLOSED_PSP, "name": "§107 Regional (lukket)", "open": False})
    elements += [{"psp": p, "name": "§104 Selvejende", "open": True} for p in AMBIGUOUS_PSPS]
    _dump(out / "erp.json", {"psp_elements": elements, "posted_invoices": world.history})
    write_mapping(out / "psp_mapping.xlsx", rows + ambiguous_rows(year))
    token = random.Random(seed).getrandbits(64).to_bytes(8, "big").hex()
    _dump(
        out / "users.json",
        [
            {"username": "robot", "password": f"robot-{token}", "role": "robot"},
            {"username": "sagsbehandler", "password": f"sags-{token[:8]}", "role": "caseworker"},
            {"username": "admin", "password": f"admin-{token[8:]}", "role": "admin"},
        ],
    )


def _psp_name(paragraph: str, group: str) -> str:
    return f"§{paragraph} {group}" if paragraph != "STU" else f"STU {group}"


def _write_expected(path: Path, expected: dict[str, Expected], *, seed: int, as_of: date) -> None:
    invoices = {
        key: {
            "status": e.status,
            "code": e.code,
            "postings": [
                {"grant_id": g, "psp": psp, "amount": f"{amount:.2f}"}
                for g, psp, amount in e.postings
            ],
        }
        for key, e in expected.items()
    }
    settings = {
        "today": as_of.isoformat(),
        "sample_rate": "0",
        "approval_limit": f"{APPROVAL_LIMIT:.2f}",
        "amount_tolerance": "0.00",
        "seed": seed,
    }
    _dump(path, {"invoices": invoices, "settings": settings})
