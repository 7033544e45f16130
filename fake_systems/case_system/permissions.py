"""The case system's role matrix: which role may do what (checked by routes, used to hide forms)."""

from __future__ import annotations

ALL = frozenset({"robot", "caseworker", "finance", "admin"})
# Finance staff (økonomi) post by hand what the robot leaves, and register the payment too.
PAYERS = frozenset({"robot", "finance", "admin"})
# Caseworkers (sagsbehandlere) own the grants, their rates and the certificate orders.
CASEWORKERS = frozenset({"caseworker", "admin"})

CASE_PERMISSIONS = {
    "view": ALL,  # search, citizen page, grant page, order page
    "register_payment": PAYERS,  # on a grant
    "edit_grant": CASEWORKERS,  # Ret bevilling: valid from, valid to, status
    "add_rate": CASEWORKERS,  # Ny takst
    "order_certificate": CASEWORKERS,  # Bestil lægeerklæring, Annullér bestilling
    "register_order_payment": PAYERS,
    "audit": frozenset({"admin"}),
}
