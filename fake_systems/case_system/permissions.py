"""The case system's role matrix: which role may do what (checked by routes, used to hide forms)."""

from __future__ import annotations

ALL = frozenset({"robot", "caseworker", "admin"})

CASE_PERMISSIONS = {
    "view": ALL,  # search, citizen page, grant page
    "register_payment": frozenset({"robot", "admin"}),
    # Caseworkers own the grants: they fix valid-to and status when the robot could not pay.
    "edit_grant": frozenset({"caseworker", "admin"}),
    "audit": frozenset({"admin"}),
}
