"""The ERP's role matrix: which role may do what (checked by routes, used to hide forms)."""

from __future__ import annotations

ALL = frozenset({"robot", "caseworker", "admin"})
PEOPLE = frozenset({"caseworker", "admin"})

ERP_PERMISSIONS = {
    "view": ALL,  # inbox, invoice page, manual queue, journal
    "post": ALL,  # post an unposted invoice
    "manual": ALL,  # send an unposted invoice to manual handling with a note
    # Only a person posts an invoice the robot sent to manual handling (that is the point).
    "post_from_manual": PEOPLE,
    "upload": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
}
