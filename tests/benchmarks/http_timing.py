"""Timing a stand-in's pages over HTTP as one logged-in user: the requests, their samples and
the median and p95 of each page or action."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from tests.support.stand_in_builders import csrf_token


@dataclass(frozen=True)
class Timing:
    name: str
    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


@dataclass(frozen=True)
class Call:
    path: str
    form: dict[str, str] | None = None  # None: GET; a form: POST with the session's CSRF token


class Browser:
    """One logged-in user of one stand-in, as the robot's browser is: cookies and keep-alive."""

    def __init__(self, base_url: str, *, username: str, password: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=60)
        token = csrf_token(self.client.get("/login").text)
        login = {"username": username, "password": password, "csrf_token": token, "next": "/"}
        response = self.client.post("/login", data=login)
        if response.status_code != 303:
            raise RuntimeError(f"login to {base_url} as {username}: HTTP {response.status_code}")
        self.csrf = csrf_token(self.client.get("/", follow_redirects=True).text)

    def send(self, call: Call) -> httpx.Response:
        if call.form is None:
            return self.client.get(call.path)
        return self.client.post(call.path, data={**call.form, "csrf_token": self.csrf})

    def time(self, name: str, calls: Sequence[Call], *, status: int = 200) -> Timing:
        """Each call once; the first is a warm-up (templates compile on first use), not counted."""
        samples = []
        for n, call in enumerate(calls):
            start = time.perf_counter()
            response = self.send(call)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != status:
                raise RuntimeError(f"{name}: {call.path} gave HTTP {response.status_code}")
            if n:
                samples.append(elapsed)
        return Timing(name, samples)

    def close(self) -> None:
        self.client.close()
