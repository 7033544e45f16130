"""Made-up but valid identities: CPR numbers, CVR numbers, GLN numbers, names, providers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum import ean
from stdnum.dk import cpr as stdnum_cpr

from fake_systems.scenarios.catalogue import OWNERSHIPS, ProviderKind

FIRST_NAMES = (
    "Anna", "Bo", "Carla", "Dorthe", "Emil", "Frida", "Gustav", "Hanne", "Ida", "Jens",
    "Karen", "Lars", "Maja", "Niels", "Olivia", "Peter", "Rasmus", "Sofie", "Thomas", "Ulla",
    "Viggo", "William", "Yrsa", "Åse", "Søren", "Bjørn", "Mette", "Kirsten", "Mads", "Freja",
)  # fmt: skip
LAST_NAMES = (
    "Andersen", "Berg", "Christensen", "Dahl", "Eriksen", "Frederiksen", "Hansen", "Iversen",
    "Jensen", "Kristensen", "Larsen", "Madsen", "Nielsen", "Olsen", "Pedersen", "Rasmussen",
    "Sørensen", "Thomsen", "Østergaard", "Ågaard", "Holm", "Mølgaard", "Vestergaard", "Lund",
)  # fmt: skip
PLACES = (
    "Lindely", "Åbrinken", "Solsikken", "Egebakken", "Fjordglimt", "Kastanjehaven", "Møllegården",
    "Skovbrynet", "Havbakken", "Lærkereden", "Bøgely", "Engtoften", "Rosenhøj", "Birkely",
)  # fmt: skip
KIND_WORDS: dict[ProviderKind, tuple[str, ...]] = {
    "bo": ("Bostedet", "Botilbuddet", "Bofællesskabet"),
    "dag": ("Værkstedet", "Dagtilbuddet", "Aktivitetscentret"),
    "stu": ("STU-skolen", "Ungdomsskolen", "Uddannelsesstedet"),
}


@dataclass(frozen=True)
class Provider:
    cvr: str
    name: str
    kind: ProviderKind
    ownership: str
    gln: str
    number_prefix: str  # how this provider numbers its invoices


class Identities:
    """Hands out unique identities from one seeded random source."""

    def __init__(self, rng: random.Random, *, today: date) -> None:
        self.rng = rng
        self.today = today
        self._cprs: set[str] = set()
        self._cvrs: set[str] = set()

    def cpr(self) -> str:
        """A new valid CPR (10 digits): a real birth date, the century digit that goes with it."""
        while True:
            born = date(1950, 1, 1) + timedelta(days=self.rng.randrange(365 * 57))
            if born.year < 2000:
                century_digit = self.rng.randrange(0, 4)
            else:
                century_digit = self.rng.choice((4, 9)) if born.year % 100 <= 36 else 5
            digits = (
                born.strftime("%d%m%y") + str(century_digit) + f"{self.rng.randrange(1000):03d}"
            )
            if digits not in self._cprs and stdnum_cpr.get_birth_date(digits) == born:
                self._cprs.add(digits)
                return digits

    def cvr(self) -> str:
        """A new CVR whose modulus-11 check holds (weights 2,7,6,5,4,3,2,1)."""
        while True:
            first = [self.rng.randrange(1, 10)] + [self.rng.randrange(10) for _ in range(6)]
            total = sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), first, strict=True))
            check = -total % 11
            digits = "".join(map(str, first)) + str(check)
            if check < 10 and digits not in self._cvrs:
                self._cvrs.add(digits)
                return digits

    def bad_cvr(self) -> str:
        """Eight digits whose check fails (a typo in the last digit)."""
        good = self.cvr()
        return good[:7] + str((int(good[7]) + self.rng.randrange(1, 9)) % 10)

    def gln(self) -> str:
        body = "579" + "".join(str(self.rng.randrange(10)) for _ in range(9))
        return body + ean.calc_check_digit(body)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def provider(self, kind: ProviderKind) -> Provider:
        ownership = self.rng.choice(tuple(OWNERSHIPS))
        place = self.rng.choice(PLACES)
        word = self.rng.choice(KIND_WORDS[kind])
        name = {
            "Privat": f"{word} {place} ApS",
            "Selvejende": f"Den selvejende institution {word} {place}",
            "Kommunal": f"{word} {place}, Kommunal Drift & Service",
            "Regional": f"Region Syd, {word} {place}",
        }[ownership]
        prefix = self.rng.choice(("INV-", "F", "FAK-", "", f"{self.today.year}-"))
        return Provider(self.cvr(), name, kind, ownership, self.gln(), prefix)
