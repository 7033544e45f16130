"""Fault injection for reliability tests (all off by default): 503s before anything happens,
added latency, writes committed but their response lost, reproducible for a seed."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_EXEMPT = frozenset({"/healthz"})


@dataclass(frozen=True)
class Faults:
    """fault_rate: share of requests answered 503 before anything happens;
    latency_ms: (min, max) added delay; drop_after_commit: share of writes committed whose
    response is replaced by a 502 (as a proxy that lost the answer would); seed: reproducible."""

    fault_rate: float = 0.0
    latency_ms: tuple[int, int] = (0, 0)
    drop_after_commit: float = 0.0
    seed: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.fault_rate or self.latency_ms[1] or self.drop_after_commit)


class FaultInjection:
    """ASGI middleware applying `Faults` to every request but the health check."""

    def __init__(self, app: ASGIApp, *, faults: Faults) -> None:
        self.app = app
        self.faults = faults
        self.random = random.Random(faults.seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _EXEMPT:
            await self.app(scope, receive, send)
            return
        low, high = self.faults.latency_ms
        if high:
            await asyncio.sleep(self.random.uniform(low, high) / 1000)
        if self.random.random() < self.faults.fault_rate:
            await _plain(send, 503, b"Service Unavailable (injected fault)")
            return
        if scope["method"] in _WRITES and self.random.random() < self.faults.drop_after_commit:
            await self.app(scope, receive, _swallow)
            await _plain(send, 502, b"Bad Gateway (injected: the change was made, the answer lost)")
            return
        await self.app(scope, receive, send)


async def _swallow(message: Message) -> None:
    """The app's real response goes nowhere: the change is committed, the answer is lost."""


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def parse_latency(text: str) -> tuple[int, int]:
    """`MIN:MAX` in milliseconds (or one number for a fixed delay)."""
    low, _, high = text.partition(":")
    values = (int(low), int(high or low))
    if values[0] < 0 or values[1] < values[0]:
        raise ValueError("latency must be MIN:MAX with 0 <= MIN <= MAX")
    return values
