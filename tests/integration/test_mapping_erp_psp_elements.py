"""The ERP's list of PSP elements read by its page object in a browser, against a minimal
stand-in page serving the agreed markup (`GET /psp-elements`, paged by a next-page link; rows
with data-psp and data-open), so the test needs nobody else's screen."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import SecretStr

from robot.config import Settings
from robot.erp.psp_list import psp_elements
from robot.errors import ScreenChanged

BROWSER = Path("/usr/lib/chromium/chromium-headless-shell")
PAGES = [
    [("XG-5385010001-00007", "true"), ("XG-5385010002-00001", "false")],
    [("XG-5386100001-00026", "true")],
]
LOGIN = (
    '<form method="post" action="/login"><label for="u">Brugernavn</label>'
    '<input id="u" name="u"><label for="p">Adgangskode</label>'
    '<input id="p" name="p" type="password"><button type="submit">Log ind</button></form>'
)


class StandIn(BaseHTTPRequestHandler):
    pages = PAGES
    table_id = "psp-table"

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, html: str, status: int = 200) -> None:
        body = f"<!doctype html><html><body>{html}</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/login":
            self._send(LOGIN)
        elif url.path == "/psp-elements":
            number = int(parse_qs(url.query).get("page", ["1"])[0])
            self._send(self._list(number))
        else:
            self._send("<h1>Indbakke</h1>")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(303)
        self.send_header("Location", "/")
        self.end_headers()

    def _list(self, number: int) -> str:
        rows = "".join(
            f'<tr data-testid="psp-row" data-psp="{psp}" data-open="{state}"><td>{psp}</td></tr>'
            for psp, state in self.pages[number - 1]
        )
        following = (
            f'<a data-testid="next-page" href="/psp-elements?page={number + 1}">Næste</a>'
            if number < len(self.pages)
            else ""
        )
        return f'<table data-testid="{self.table_id}">{rows}</table>{following}'


@pytest.fixture
def stand_in() -> Iterator[tuple[str, type[StandIn]]]:
    handler = type("Handler", (StandIn,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def settings(url: str) -> Settings:
    return Settings(
        erp_url=url, erp_password=SecretStr("x"), browser_path=BROWSER, timeout_ms=10_000
    )


def test_every_element_on_every_page_is_read_with_whether_it_is_open(
    stand_in: tuple[str, type[StandIn]],
) -> None:
    url, _ = stand_in
    assert asyncio.run(psp_elements(settings(url))) == {
        "XG-5385010001-00007": True,
        "XG-5385010002-00001": False,
        "XG-5386100001-00026": True,
    }


def test_a_page_without_the_table_is_a_changed_screen(
    stand_in: tuple[str, type[StandIn]],
) -> None:
    url, handler = stand_in
    handler.table_id = "something-else"
    with pytest.raises(ScreenChanged, match="psp-table"):
        asyncio.run(psp_elements(settings(url)))


def test_a_row_without_its_open_state_is_a_changed_screen(
    stand_in: tuple[str, type[StandIn]],
) -> None:
    url, handler = stand_in
    handler.pages = [[("XG-5385010001-00007", "ja")]]
    with pytest.raises(ScreenChanged, match="data-open"):
        asyncio.run(psp_elements(settings(url)))
