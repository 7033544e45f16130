"""The values each key column allows, and "did you mean" for near misses: a letter O typed for a
zero, digits swapped, a Danish decimal comma, a word one letter off."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable

from robot.domain.identifiers import looks_like_psp
from robot.domain.plans import Cadence
from robot.domain.psp import normalize_key_part

PARAGRAPHS_IN_SCOPE = ("103", "104", "107", "108", "STU")  # DOMAIN.md, "In scope"
OWNERSHIPS = ("Privat", "Selvejende", "Kommunal", "Regional")  # the case system's words
ART = re.compile(r"\d+\.\d+")  # as the case system writes it: 4.0, 4.5, 10.25
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", ",": "."})
_CADENCE_WORDS = {
    Cadence.MONTH: ("maaned", "maned", "md", "mdr", "månedlig", "månedligt", "måneder", "month"),
    Cadence.QUARTER: ("kvartalsvis", "kvartaler", "kvt", "kvartalet", "quarter"),
    Cadence.HALF_YEAR: ("halvaar", "halvår", "halvårlig", "halvårligt", "halvt år", "half year"),
    Cadence.YEAR: ("aar", "årlig", "årligt", "aarlig", "helår", "year"),
}


def parse_paragraphs(text: str) -> tuple[str, ...]:
    """``"85, §97"`` -> ``("85", "97")``: the extra paragraphs a municipality pays under."""
    parts = (normalize_key_part(p) for p in re.split(r"[,;\s]+", text))
    return tuple(dict.fromkeys(p.upper() for p in parts if p))


def allowed_paragraphs(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The paragraphs in scope, then the municipality's own, as they are shown."""
    shown = [*PARAGRAPHS_IN_SCOPE]
    for paragraph in extra:
        written = normalize_key_part(paragraph).upper()
        if written and written not in shown:
            shown.append(written)
    return tuple(shown)


def suggest_paragraph(text: str, allowed: Collection[str]) -> str | None:
    """The allowed paragraph the text most likely meant: ``1O7``, ``l07`` and ``170`` -> 107."""
    options = {normalize_key_part(a): a for a in allowed}
    typed = re.sub(r"[\s.]", "", normalize_key_part(text))
    lookalike = typed.translate(_LOOKALIKES).casefold()
    for candidate in (typed, lookalike):
        if candidate in options:
            return options[candidate]
    swapped = {_swap(lookalike, i, j) for i in range(len(lookalike)) for j in range(i)}
    found = [options[s] for s in swapped if s in options]
    if len(found) == 1:
        return found[0]
    near = [options[o] for o in options if _one_edit_apart(lookalike, o)]
    return near[0] if len(near) == 1 else None


def suggest_art(text: str) -> str | None:
    """``4,0`` and ``4.O`` -> ``4.0``; ``4`` typed as text -> ``4.0``."""
    fixed = re.sub(r"\s", "", text).translate(_LOOKALIKES)
    if fixed.isascii() and fixed.isdigit():
        fixed += ".0"
    return fixed if ART.fullmatch(fixed) and fixed != text else None


def suggest_psp(text: str) -> str | None:
    """``xg-5385010001-00007`` and ``XG 5385010001 00007`` -> ``XG-5385010001-00007``: capital
    letters, and dashes for the spaces, underscores or long dashes typed between the parts."""
    fixed = re.sub(r"[\s_\u2010-\u2015]+", "-", text.strip().upper())
    fixed = re.sub(r"-{2,}", "-", fixed)
    return fixed if fixed != text and looks_like_psp(fixed) else None


def known_ownership(text: str) -> bool:
    return text.casefold() in _OWNERSHIPS_FOLDED


_OWNERSHIPS_FOLDED = frozenset(o.casefold() for o in OWNERSHIPS)


def suggest_ownership(text: str) -> str | None:
    """``Komunal`` -> ``Kommunal``; None for a word unlike all of them."""
    return closest(text, OWNERSHIPS)


def read_cadence(text: str) -> Cadence | None:
    """The cadence the word names (case ignored), or None."""
    wanted = text.strip().casefold()
    return next((c for c in Cadence if c.value == wanted), None)


def suggest_cadence(text: str) -> Cadence | None:
    """``månedlig``, ``maaned``, ``kvartalsvis`` -> the cadence meant; None when unclear."""
    wanted = re.sub(r"\s+", " ", text.strip().casefold())
    for cadence, words in _CADENCE_WORDS.items():
        if wanted in words:
            return cadence
    found = closest(text, [c.value for c in Cadence])
    return Cadence(found) if found is not None else None


def closest(text: str, options: Iterable[str], *, cutoff: float = 0.75) -> str | None:
    """The option nearest the text, spelled with Danish letters or not, when near enough."""
    by_fold = {_fold(o): o for o in options}
    if _fold(text) in by_fold:
        return by_fold[_fold(text)]
    found = difflib.get_close_matches(_fold(text), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[found[0]] if found else None


def _fold(text: str) -> str:
    text = text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"\s+", " ", text)


def _swap(text: str, i: int, j: int) -> str:
    chars = list(text)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
