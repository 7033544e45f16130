"""The PSP elements screen (PSP-elementer): every element with whether it is open, for every
role, searchable by text and status and paged; its test ids are what the robot's reader uses."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_psp


def listed(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-testid="psp-row" data-psp="([^"]+)" data-open="(true|false)"', html)


@pytest.mark.parametrize("user", ["robot", "sagsbehandler", "okonomi", "admin"])
def test_every_role_finds_the_psp_elements_in_the_menu_with_whether_each_is_open(
    erp_as: Callable[[str], User], user: str
) -> None:
    client = erp_as(user)
    assert '<a href="/psp-elements">PSP-elementer</a>' in client.get("/inbox").text
    page = client.get("/psp-elements").text
    assert "<title>PSP-elementer" in page and 'data-testid="psp-table"' in page
    assert listed(page) == [("XG-5385010001-00007", "true"), ("XG-5385010001-00099", "false")]
    for column in ("PSP-element", "Navn", "Status"):
        assert f'<th scope="col">{column}</th>' in page
    assert 'data-value="open">Åben</td>' in page and "<strong>Lukket</strong>" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["XG-5385010001-00007"]),
        ("status=closed", ["XG-5385010001-00099"]),
        ("status=nonsense", ["XG-5385010001-00007", "XG-5385010001-00099"]),
        ("q=00099", ["XG-5385010001-00099"]),
        ("q=BEVILLINGER+00007", ["XG-5385010001-00007"]),  # its name, whatever the case
        ("q=bevillinger", ["XG-5385010001-00007", "XG-5385010001-00099"]),
        ("q=%25", []),
        ("q=00099&status=open", []),
    ],
)
def test_the_list_is_filtered_by_text_and_status(
    erp_as: Callable[[str], User], query: str, expected: list[str]
) -> None:
    page = erp_as("sagsbehandler").get(f"/psp-elements?{query}").text
    assert [psp for psp, _ in listed(page)] == expected


def test_the_list_is_paged_fifty_at_a_time_and_keeps_its_filter_on_the_next_page(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    for n in range(120):
        add_psp(erp_db, f"XG-5385020002-{n:05d}", open_=n % 2 == 0)
    client = erp_as("robot")
    first = client.get("/psp-elements?status=open").text
    assert len(listed(first)) == 50
    assert 'data-testid="total-count" data-value="61"' in first
    link = re.search(r'href="([^"]+)" rel="next" data-testid="next-page"', first)
    assert link is not None and link.group(1) == "/psp-elements?status=open&amp;page=2"
    pages = [listed(client.get(f"/psp-elements?status=open&page={n}").text) for n in (1, 2)]
    assert len(pages[1]) == 11
    assert all(open_ == "true" for page in pages for _, open_ in page)
    assert 'data-testid="next-page"' not in client.get("/psp-elements?status=open&page=2").text
