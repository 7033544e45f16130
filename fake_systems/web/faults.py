"""Fault injection for reliability tests (all off by default): 503s before anything happens,
added latency, writes committed but their answer lost, reproducible for a seed."""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# A server able to drop a connection offers {"drop": async callable} under this scope extension
# (`fake-systems serve` does, see drop_protocol.py); without it a lost answer is always a 502.
DROP_CONNECTION = "fake_systems.drop_connection"


@dataclass(frozen=True)
class Faults:
    """fault_rate: share of requests answered 503 before the app runs (nothing committed);
    latency_ms: (min, max) added delay; drop_after_commit: share of writes the app commits
    whose answer is lost: a 502 (as from a proxy) or, for half of them, a dropped connection;
    seed: the same seed gives the same faults for the same sequence of requests."""

    fault_rate: float = 0.0
    latency_ms: tuple[int, int] = (0, 0)
    drop_after_commit: float = 0.0
    seed: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.fault_rate or self.latency_ms[1] or self.drop_after_commit)

    def describe(self) -> str:
        low, high = self.latency_ms
        seed = "random" if self.seed is None else str(self.seed)
        return (
            f"503 for {self.fault_rate:.0%} of requests, {low}-{high} ms latency,"
            f" answer lost for {self.drop_after_commit:.0%} of writes, seed {seed}"
        )


@dataclass(frozen=True)
class _Plan:
    """What happens to one request, drawn up front so the draws do not depend on timing."""

    delay_s: float
    unavailable: bool
    answer_lost: bool
    drop_connection: bool


class FaultInjection:
    """ASGI middleware applying `Faults` to every request but the health check and static files.

    `stream` names the app, so two apps given the same seed do not fail in lockstep."""

    def __init__(self, app: ASGIApp, *, faults: Faults, stream: str) -> None:
        self.app = app
        self.faults = faults
        self.random = random.Random(None if faults.seed is None else f"{faults.seed}:{stream}")

    def _plan(self, method: str) -> _Plan:
        # Four draws for every request, whatever the flags, so one knob does not shift the others.
        u_delay, u_fault, u_lost, u_drop = (self.random.random() for _ in range(4))
        low, high = self.faults.latency_ms
        return _Plan(
            delay_s=(low + (high - low) * u_delay) / 1000,
            unavailable=u_fault < self.faults.fault_rate,
            answer_lost=method in _WRITES and u_lost < self.faults.drop_after_commit,
            drop_connection=u_drop < 0.5,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _exempt(scope["path"]):
            await self.app(scope, receive, send)
            return
        plan = self._plan(scope["method"])
        if plan.delay_s:
            await asyncio.sleep(plan.delay_s)
        if plan.unavailable:
            await _plain(send, 503, b"Service Unavailable (injected fault)")
            return
        if not plan.answer_lost:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _swallow)
        drop = _dropper(scope)
        if plan.drop_connection and drop is not None:
            await drop()
            return
        await _plain(send, 502, b"Bad Gateway (injected: the change was made, the answer lost)")


def _exempt(path: str) -> bool:
    return path == "/healthz" or path.startswith("/static/")


def _dropper(scope: Scope) -> Callable[[], Awaitable[None]] | None:
    offer = (scope.get("extensions") or {}).get(DROP_CONNECTION)
    return None if offer is None else offer["drop"]


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
    try:
        values = (int(low), int(high or low))
    except ValueError:
        raise ValueError("must be MIN:MAX in whole milliseconds, e.g. 50:400") from None
    if values[0] < 0 or values[1] < values[0]:
        raise ValueError("must be MIN:MAX with 0 <= MIN <= MAX")
    return values


def parse_share(text: str) -> float:
    """A share of requests, from 0 (none) to 1 (all)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 1:
        raise ValueError("must be a share between 0 and 1, e.g. 0.05")
    return value


def parse_seconds(text: str) -> int:
    """A whole number of seconds, at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError("must be a whole number of seconds, at least 1")
    return int(text)
