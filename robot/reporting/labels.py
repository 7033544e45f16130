"""The Danish words finance reads in both reports: outcomes, ways of paying and what each code
means."""

from __future__ import annotations

from robot.journal.model import OutcomeKind, Route

OUTCOMES = {
    OutcomeKind.PAID: "Betalt",
    OutcomeKind.MANUAL: "Manuel behandling",
    OutcomeKind.NEEDS_PERSON: "Bogført – betaling registreres af en person",
    OutcomeKind.FAILED: "Efterlades til næste kørsel",
    OutcomeKind.UNFINISHED: "Påbegyndt – gøres færdig i næste kørsel",
    OutcomeKind.SKIPPED: "Allerede behandlet",
    OutcomeKind.WOULD_PAY: "Ville betale (prøvekørsel)",
    OutcomeKind.WOULD_NOTE: "Ville sende til manuel (prøvekørsel)",
}
OUTCOME_ORDER = tuple(OUTCOMES)
PAYING = (OutcomeKind.PAID, OutcomeKind.WOULD_PAY)  # paid by the robot, or would be

NO_ROUTE = "Ikke afgjort"  # left before a way of paying was chosen (a system fault)
ROUTES = {route: route.heading for route in Route}

CODES = {
    "CREDIT_NOTE": "Kreditnota – behandles af en person",
    "DOCUMENT_TYPE_NOT_PAYABLE": "Dokumenttypen kan ikke betales automatisk",
    "CURRENCY_NOT_DKK": "Ikke i danske kroner",
    "INVALID_CVR": "Leverandørens CVR-nummer mangler eller er ugyldigt",
    "INVALID_INVOICE_NUMBER": "Fakturanummeret kan ikke bruges som reference",
    "PERIOD_NOT_PAYABLE": "Perioden mangler, ligger i fremtiden eller krydser årsskiftet",
    "DUPLICATE_INVOICE": "Samme leverandør og fakturanummer er allerede bogført",
    "MISSING_CPR": "Intet CPR-nummer på fakturaen",
    "INVALID_CPR": "CPR-nummeret er ugyldigt",
    "CITIZEN_NOT_FOUND": "Borgeren findes ikke i sagssystemet (ydelsessystemet for husleje)",
    "NO_GRANT": "Borgeren har ingen bevillinger",
    "NO_GRANT_FOR_PROVIDER": "Ingen bevilling hos denne leverandør",
    "NO_PAYABLE_GRANT": "Ingen aktiv bevilling med fast takst",
    "NO_GRANT_FOR_PERIOD": "Ingen bevilling dækker hele perioden",
    "AMOUNT_MISMATCH": "Beløbet passer ikke med bevillingen",
    "AMBIGUOUS_GRANT": "Flere bevillinger passer",
    "NO_PSP_MAPPING": "Ingen række i mappingarket",
    "AMBIGUOUS_PSP_MAPPING": "Flere rækker i mappingarket passer",
    "DUPLICATE_PAYMENT": "Perioden er allerede betalt på bevillingen",
    "LINE_FAILED": "Samlefaktura: mindst én linje kunne ikke betales",
    "AMBIGUOUS_PLAN": "Flere betalingsplaner passer",
    "PLAN_AMOUNT_OUTSIDE_RANGE": "Beløbet ligger uden for betalingsplanens interval",
    "PLAN_ALREADY_PAID": "Betalingsplanen har allerede betalt i perioden",
    "NO_ORDER": "Ingen åben bestilling af lægeerklæring fra lægen",
    "NO_CERTIFICATE_MAPPING": "Erklæringstypen mangler i arket Lægeerklæringer",
    "FEE_OUTSIDE_RANGE": "Beløbet ligger uden for det aftalte honorar",
    "AMBIGUOUS_ORDER": "Flere åbne bestillinger passer",
    "LANDLORD_NOT_APPROVED": "Udlejeren er ikke godkendt i arket Udlejere",
    "NO_RENT_AGREEMENT": "Ingen huslejeaftale med udlejeren dækker måneden",
    "AMBIGUOUS_RENT_AGREEMENT": "Flere huslejeaftaler passer",
    "RENT_ALREADY_PAID": "Månedens husleje er allerede trukket og betalt",
    "RENT_DEVIATION": "Huslejen afviger for meget fra sidste måned",
    "NO_PAYOUT_FOR_MONTH": "Ingen planlagt udbetaling at trække huslejen i",
    "BENEFIT_TOO_SMALL": "Udbetalingen er mindre end huslejen",
    "LEARNED_AMOUNT_UNUSUAL": "Beløbet er usædvanligt for leverandøren og modtageren",
    "ABOVE_APPROVAL_LIMIT": "Beløbet er over godkendelsesgrænsen",
    "SAMPLED_FOR_CONTROL": "Udtaget til stikprøvekontrol",
    "PSP_REJECTED": "ERP afviste PSP-elementet",
    "POSTING_REFUSED": "ERP afviste bogføringen",
    "REPEATED_FAILURE": "Fejlede i flere kørsler i træk",
}


def outcome_label(kind: OutcomeKind | str) -> str:
    try:
        return OUTCOMES[OutcomeKind(kind)]
    except ValueError:
        return str(kind)


def route_label(route: Route | str | None) -> str:
    if not route:
        return NO_ROUTE
    try:
        return ROUTES[Route(route)]
    except ValueError:
        return str(route)


def code_meaning(code: str | None) -> str:
    return CODES.get(code or "", "")
