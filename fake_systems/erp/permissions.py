"""The ERP's role matrix: which role may do what (checked by routes, used to hide forms)."""

from __future__ import annotations

ALL = frozenset({"robot", "caseworker", "finance", "admin"})
POSTERS = frozenset({"robot", "finance", "admin"})
# The people who work the manual queue (contract section 7).
PEOPLE = frozenset({"caseworker", "finance", "admin"})
FINANCE = frozenset({"finance", "admin"})

ERP_PERMISSIONS = {
    "view": ALL,  # inbox, invoice page, manual queue, journal, posted invoices
    "post": POSTERS,  # post an unposted invoice
    "manual": POSTERS,  # send an unposted invoice to manual handling with a note
    # On an invoice in manual handling:
    "send_back": PEOPLE,  # Send til robotten
    "reject": PEOPLE,  # Afvis faktura
    "add_note": PEOPLE,  # Tilføj notat
    "take": PEOPLE,  # Tag opgaven
    # Only finance posts an invoice the robot sent to manual handling (that is the point).
    "post_from_manual": FINANCE,
    "upload": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
}
