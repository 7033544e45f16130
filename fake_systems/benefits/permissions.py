"""The benefits system's role matrix: which role may do what (checked by routes, used to hide
forms)."""

from __future__ import annotations

ALL = frozenset({"robot", "caseworker", "finance", "admin"})
# Caseworkers (sagsbehandlere) own the rent agreements and take rent off a payout by hand too;
# the robot takes it off when it pays the landlord's invoice.
DEDUCTERS = frozenset({"robot", "caseworker", "admin"})
CASEWORKERS = frozenset({"caseworker", "admin"})

BENEFITS_PERMISSIONS = {
    # search, citizen page, agreement page, payout page: finance staff read them to answer
    # landlords and to follow a rent invoice, as they read the case system.
    "view": ALL,
    "register_deduction": DEDUCTERS,  # Registrér huslejetræk
    "manage_agreements": CASEWORKERS,  # Ny huslejeaftale, Afslut aftale
    "audit": frozenset({"admin"}),
}
