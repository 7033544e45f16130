"""The uvicorn HTTP protocol `fake-systems serve` uses when answers may be lost: h11, plus a way
for the fault injection to drop a connection (a reset, no response) after the app committed."""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from fake_systems.web.faults import DROP_CONNECTION

_log = logging.getLogger("uvicorn.error")


class DroppingH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose requests are offered the DROP_CONNECTION scope extension."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # One wrapper per connection: it is what knows this connection's transport.
        self.app = _OfferDrop(self.config.loaded_app, transport)


class _OfferDrop:
    def __init__(self, app: Any, transport: asyncio.Transport) -> None:
        self.app: ASGIApp = app
        self.transport = transport

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            offer = {"drop": lambda: self._drop(scope["method"], scope["path"])}
            scope["extensions"] = {**(scope.get("extensions") or {}), DROP_CONNECTION: offer}
        await self.app(scope, receive, send)

    async def _drop(self, method: str, path: str) -> None:
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0: closing sends a reset, as a crashed proxy would, not an orderly FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()
        # One quiet line instead of uvicorn's "returned without starting response" error.
        _log.warning("Injected fault: %s %s ran, its connection dropped unanswered", method, path)
        # Let uvicorn see the connection lost before the app returns, so it sends nothing more.
        await asyncio.sleep(0)
