"""The fixed world every bundle shares: services, ownerships, target groups and the PSP chart.

Fixed, not drawn from the seed, so that one sample mapping workbook (mappings/) covers the
data of any generated bundle, as a municipality's one workbook covers all its invoices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

RateUnit = Literal["day", "month", "hour"]
ProviderKind = Literal["bo", "dag", "stu"]


@dataclass(frozen=True)
class Service:
    """A kind of grant a provider of some kind delivers, with the range its rates fall in."""

    paragraph: str
    name: str
    unit: RateUnit
    rate_low: int
    rate_high: int
    step: int
    kind: ProviderKind
    hours: tuple[int, int] | None = None  # fixed hours per month, for hour rates


SERVICES = (
    Service("103", "Beskyttet beskæftigelse", "month", 7_500, 14_000, 25, "dag"),
    Service("104", "Aktivitets- og samværstilbud", "month", 5_000, 11_000, 25, "dag"),
    Service("104", "Aktivitetstilbud, faste timer", "hour", 350, 650, 5, "dag", hours=(10, 60)),
    Service("107", "Midlertidigt botilbud", "day", 900, 2_600, 5, "bo"),
    Service("108", "Længerevarende botilbud", "day", 1_400, 3_000, 5, "bo"),
    Service("108", "Længerevarende botilbud, månedstakst", "month", 40_000, 85_000, 50, "bo"),
    Service("STU", "Særligt tilrettelagt ungdomsuddannelse", "month", 14_000, 22_000, 50, "stu"),
)

# Ejerforhold and the art (the chart of accounts' kind of expense) that goes with it.
OWNERSHIPS = {"Privat": "4.0", "Selvejende": "4.0", "Kommunal": "4.5", "Regional": "4.6"}
TARGET_GROUPS = ("Udviklingshæmmede", "Sindslidende", "Fysisk handicappede", "Autisme")
PARAGRAPH_CODES = {"103": "03", "104": "04", "107": "07", "108": "08", "STU": "15"}

# Keys kept out of the ordinary cases, each for one way the PSP lookup fails.
UNMAPPED_GROUP = "Hjerneskadede"  # no row in the sheet: NO_PSP_MAPPING
AMBIGUOUS_KEY = ("104", "4.0", "Selvejende", "Erhvervet hjerneskade")  # two rows
REJECTED_KEY = ("107", "4.6", "Regional", "Erhvervet hjerneskade")  # a closed PSP element
CLOSED_PSP = "XG-5385079901-00099"
AMBIGUOUS_PSPS = ("XG-5385042501-00001", "XG-5385042501-00002")


@dataclass(frozen=True)
class MappingRowSpec:
    paragraph: str
    art: str
    ownership: str
    target_group: str
    psp: str
    valid_from: date | None
    valid_to: date | None
    remark: str = ""


def psp_element(paragraph: str, ownership: str, target_group: str, year: int) -> str:
    """``XG-5385070101-00026``: paragraph, ownership and target group, and the year's suffix."""
    owner = list(OWNERSHIPS).index(ownership) + 1
    group = TARGET_GROUPS.index(target_group) + 1
    return f"XG-5385{PARAGRAPH_CODES[paragraph]}{owner}{group}01-{year % 100:05d}"


def mapping_rows(year: int) -> list[MappingRowSpec]:
    """The sample sheet: last year's rows (closed at New Year) and this year's, for every
    ordinary key, plus the PSP_REJECTED key's row. Clean: `validate-mapping` finds nothing."""
    rows = []
    for paragraph in PARAGRAPH_CODES:
        for ownership, art in OWNERSHIPS.items():
            for group in TARGET_GROUPS:
                for y in (year - 1, year):
                    rows.append(
                        MappingRowSpec(
                            paragraph,
                            art,
                            ownership,
                            group,
                            psp_element(paragraph, ownership, group, y),
                            date(y, 1, 1),
                            date(y, 12, 31) if y < year else None,
                            "Kontoplan " + str(y),
                        )
                    )
    rows.append(
        MappingRowSpec(*REJECTED_KEY, CLOSED_PSP, date(year - 1, 1, 1), None, "Lukket konto")
    )
    return rows


def ambiguous_rows(year: int) -> list[MappingRowSpec]:
    """Two rows for one key valid at once: the bundle's sheet has them on purpose."""
    return [
        MappingRowSpec(*AMBIGUOUS_KEY, AMBIGUOUS_PSPS[0], date(year - 1, 1, 1), None, "Ny række"),
        MappingRowSpec(*AMBIGUOUS_KEY, AMBIGUOUS_PSPS[1], date(year - 1, 1, 1), None, "Kopi"),
    ]


def psp_for(paragraph: str, ownership: str, target_group: str, on: date) -> str:
    """The PSP element the sample sheet gives an ordinary key on a day."""
    return psp_element(paragraph, ownership, target_group, on.year)


def rate_decimal(value: int) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


# Doctors' certificates (contract section 10): the EANs kept for them, and each type's agreed
# fee interval (None: open). The same as the sample workbook in mappings/.
CERTIFICATE_RECEIVERS = (
    ("5798000000018", "Jobcentret: lægeerklæringer"),
    ("5798000000025", "Socialafdelingen: lægeerklæringer"),
)


@dataclass(frozen=True)
class CertificateType:
    name: str
    fee_from: Decimal | None
    fee_to: Decimal | None
    fee_low: int  # the range doctors bill in, whole kroner
    fee_high: int

    def psp(self, year: int) -> str:
        return certificate_psp(CERTIFICATE_TYPES.index(self) + 1, year)


CERTIFICATE_TYPES = (
    CertificateType("LÆ 265", Decimal("700.00"), Decimal("900.00"), 700, 900),
    CertificateType("LÆ 125", Decimal("450.00"), Decimal("600.00"), 450, 600),
    CertificateType("LÆ 135", None, Decimal("550.00"), 300, 550),
)
UNMAPPED_CERTIFICATE = "LÆ 163"  # ordered, but no row in the sheet: NO_CERTIFICATE_MAPPING


def certificate_psp(number: int, year: int) -> str:
    return f"XG-53869{number:05d}-{year % 100:05d}"


@dataclass(frozen=True)
class PlanKind:
    """A kind of recurring bill paid by a payment plan: what the supplier bills and how often."""

    item: str  # the invoice line's item name, and the Linjetekst before the receiver's name
    company: str  # the kind of company that bills it
    cadence: str  # måned, kvartal, halvår, år
    low: int  # the usual amount per period, whole kroner
    high: int
    extras: tuple[str, ...] = ()  # further lines some invoices carry (a conto)

    def psp(self, receiver: int, year: int) -> str:
        """One PSP element per kind and receiving institution."""
        return f"XG-5386{PLAN_KINDS.index(self) + 1}{receiver:05d}-{year % 100:05d}"


PLAN_KINDS = (
    PlanKind("Husleje", "Ejendomsselskabet", "måned", 6_000, 60_000, ("Varme a conto", "Vand")),
    PlanKind("Rengøring", "Rengøringsservice", "måned", 3_000, 25_000),
    PlanKind("Vinduespuds.", "Vinduespolering", "kvartal", 1_500, 9_000),
    PlanKind("Kopimaskine", "Kontorudstyr", "kvartal", 2_000, 12_000, ("Klik-afregning",)),
    PlanKind("Forsikring", "Forsikringsmægler", "halvår", 8_000, 40_000),
    PlanKind("Abonnement", "IT-systemer", "år", 5_000, 90_000),
)
PLAN_WEIGHTS = (45, 25, 10, 8, 5, 7)


# Rent for benefit recipients (contract section 11): the jobcentre's rent EAN (a `husleje` row
# in the Modtagere sheet), the Udlejere sheet's default tolerance, and the benefits citizens
# live on, with the usual monthly amount of each (whole kroner).
RENT_RECEIVER = ("5798000000049", "Jobcentret: husleje for borgere på ydelse")
DEFAULT_RENT_TOLERANCE = Decimal(10)  # a blank `Afvigelse %`
WIDE_RENT_TOLERANCE = Decimal(25)
BENEFITS = (
    ("kontanthjælp", 11_500, 16_800),
    ("uddannelseshjælp", 6_500, 12_500),
    ("ressourceforløbsydelse", 12_000, 17_000),
    ("selvforsørgelses- og hjemrejseydelse", 7_000, 11_500),
)
BENEFIT_WEIGHTS = (60, 20, 12, 8)
RENT_LOW, RENT_HIGH = 3_200, 9_800  # a month's rent, whole kroner


def rent_psp(landlord: int, year: int) -> str:
    """One PSP element per approved landlord (the Udlejere row's)."""
    return f"XG-53871{landlord:05d}-{year % 100:05d}"
