"""The route table: every way to pay, in the order an invoice is offered to them. The first
that recognises the invoice decides it; grants take whatever no other way recognises."""

from __future__ import annotations

from robot.domain.claims import ClaimKind
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.routes import Route
from robot.domain.systems import System
from robot.domain.ways import certificate, grant, learned, plan, rent
from robot.domain.ways.way import RouteOptions, Way

WAYS: tuple[Way, ...] = (certificate.WAY, rent.WAY, plan.WAY, learned.WAY, grant.WAY)
_BY_ROUTE = {way.route: way for way in WAYS}
_BY_CLAIM = {kind: way for way in WAYS for kind in way.claim_kinds}


def way_of(route: Route) -> Way:
    return _BY_ROUTE[route]


def route_of(invoice: Invoice, book: MappingBook, options: RouteOptions = RouteOptions()) -> Route:  # noqa: B008
    """The first way in the table that recognises the invoice."""
    return next(way.route for way in WAYS if way.recognises(invoice, book, options))


def way_holding(kind: ClaimKind) -> Way:
    """The way whose payments take claims of this kind; KeyError for a kind no way declares
    (never a silent guess at what another invoice is paying)."""
    return _BY_CLAIM[kind]


def systems_for(book: MappingBook) -> frozenset[System]:
    """Every system some way this workbook can route to reads or writes."""
    return frozenset(s for way in WAYS if way.in_use(book) for s in way.systems)
