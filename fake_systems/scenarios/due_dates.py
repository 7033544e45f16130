"""Due dates for a generated bundle's invoices, spread as suppliers write them: most name one
(8 to 45 days' terms), some none (the ERP then gives the public sector's 30 days), and a share
fall due before the run date, so the inbox holds overdue invoices to be paid first."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

from fake_systems.scenarios.documents import DocumentSpec

TERMS = (8, 14, 20, 30, 30, 30, 45)  # days after the issue date
WITHOUT = 0.12  # the share that names no due date
OVERDUE = 0.15  # the share due between the issue date and the day before the run date


def due_date_stream(seed: int) -> random.Random:
    """The due dates' own random numbers: drawing them leaves the rest of a seed's bundle as
    it was before invoices had due dates."""
    return random.Random(f"due dates {seed}")


def with_due_date(document: DocumentSpec, *, rng: random.Random, as_of: date) -> DocumentSpec:
    """The invoice with a drawn due date (or none); a credit note is left without one."""
    if document.credit_note:
        return document
    draw = rng.random()
    if draw < WITHOUT:
        return document
    issued = document.issue_date
    if draw < WITHOUT + OVERDUE and issued < as_of:
        due = issued + timedelta(days=rng.randrange((as_of - issued).days))
    else:
        due = issued + timedelta(days=rng.choice(TERMS))
    return dataclasses.replace(document, due_date=due)
