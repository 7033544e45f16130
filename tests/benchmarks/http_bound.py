"""The plain-HTTP bound: every invoice's requests, as the robot makes them (redirects followed,
forms with the session's CSRF token), from one httpx client per system with no browser, one
invoice after the other. What the stand-ins and loopback alone cost. A page the robot reads
without navigating is one GET here as well."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from tests.benchmarks.http_timing import Browser
from tests.benchmarks.robot_requests import InvoicePlan, Step
from tests.support.stand_ins import StandIns


@dataclass(frozen=True)
class HttpBound:
    invoices: int
    requests: int  # including the redirects followed
    seconds: float
    unexpected: Counter[str]  # "POST /invoices/{id}/post -> 500": how often

    @property
    def per_minute(self) -> float:
        return self.invoices / self.seconds * 60


def _send(client: Browser, step: Step) -> tuple[int, int]:
    """The final status and the number of requests it took (a redirect is one more)."""
    if step.form is None:
        response = client.client.get(step.path, follow_redirects=True)
    else:
        data = {**step.form, "csrf_token": client.csrf}
        response = client.client.post(step.path, data=data, follow_redirects=True)
    return response.status_code, 1 + len(response.history)


def run_http_bound(
    stand_ins: StandIns, plans: list[InvoicePlan], *, username: str, password: str
) -> HttpBound:
    urls = {
        "erp": stand_ins.erp_url,
        "case": stand_ins.case_url,
        "benefits": stand_ins.benefits_url,
    }
    used = {step.system for plan in plans for step in plan.steps}
    clients = {
        system: Browser(url, username=username, password=password)
        for system, url in urls.items()
        if system in used  # as the robot, which logs in only where its ways to pay go
    }
    unexpected: Counter[str] = Counter()
    requests = 0
    try:
        start = time.perf_counter()
        for plan in plans:
            for step in plan.steps:
                status, sent = _send(clients[step.system], step)
                requests += sent
                if status not in step.ok:
                    kind = "GET" if step.form is None else "POST"
                    unexpected[f"{kind} {_shape(step.path)} -> {status}"] += 1
        seconds = time.perf_counter() - start
    finally:
        for client in clients.values():
            client.close()
    return HttpBound(len(plans), requests, seconds, unexpected)


def _shape(path: str) -> str:
    """The path with its ids left out, so that unexpected answers group by kind (and no CPR)."""
    parts = path.split("?")[0].split("/")
    return "/".join("{id}" if any(c.isdigit() for c in part) else part for part in parts)
