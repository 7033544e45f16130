"""The actions a note may propose: only what the ERP, the case system and the mapping sheet
offer a person, named by the buttons they press (and, where only some may press it, who).

Not offered anywhere, so never proposed: creating a citizen or a grant, changing a grant's
provider, correcting or deleting a registered payment, opening or closing a PSP element.
"""

from __future__ import annotations

REJECT = "afvis fakturaen (»Afvis faktura«)"
SEND_BACK = "send fakturaen tilbage til robotten (»Send til robotten«)"
POST_BY_HAND = "bogfør den i hånden (økonomi: »Bogfør«)"
REGISTER = "registrér betalingen i sagssystemet (økonomi: »Registrér betaling«)"
NEW_RATE = (
    "tilføj den nye takst på bevillingen i sagssystemet (»Ny takst«, med den dato den gælder fra)"
)
EDIT_GRANT = "»Ret bevilling« i sagssystemet"
FIX_SHEET = "bed den, der vedligeholder mappingarket, rette det"
NOTE = "»Tilføj notat«"


def opening(action: str) -> str:
    """The action as it opens a sentence: its first letter upper case, the rest as written."""
    return action[:1].upper() + action[1:]
