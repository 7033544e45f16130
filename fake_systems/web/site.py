"""What one stand-in is: its name, database, cookies, navigation and which role may do what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter

from fake_systems.web.options import AppOptions

ROLES = ("robot", "caseworker", "finance", "admin")


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    action: str  # the permission a user needs to see the link


@dataclass(frozen=True)
class Site:
    """One stand-in: written once per app as a constant; the factory adds db_path and options."""

    name: str
    db_name: str
    # Both stand-ins run on one host (ports do not separate cookies), so names are prefixed.
    cookie_prefix: str
    permissions: Mapping[str, frozenset[str]]
    nav: tuple[NavItem, ...]
    home: str
    templates_dir: Path
    routers: tuple[APIRouter, ...]
    db_path: Path = Path()
    options: AppOptions = field(default_factory=AppOptions)

    @property
    def session_cookie(self) -> str:
        return f"{self.cookie_prefix}_session"

    @property
    def login_cookie(self) -> str:
        return f"{self.cookie_prefix}_login_csrf"

    def may(self, role: str | None, action: str) -> bool:
        return role is not None and role in self.permissions.get(action, frozenset())
