"""The stand-ins in-process through FastAPI's TestClient, seeded by the stand-in builders."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fake_systems.benefits.app import create_app as create_benefits_app
from fake_systems.case_system.app import create_app as create_case_app
from fake_systems.db import BENEFITS_DB, CASE_DB, ERP_DB, connect
from fake_systems.erp.app import create_app as create_erp_app
from tests.support.benefits_builders import seed_benefits
from tests.support.stand_in_builders import PASSWORD, csrf_token, seed_case, seed_erp


@dataclass
class User:
    """A TestClient logged in as one user, with that session's CSRF token at hand."""

    client: TestClient
    token: str

    def get(self, path: str) -> httpx.Response:
        response: httpx.Response = self.client.get(path, follow_redirects=False)
        return response

    def post(self, path: str, data: dict[str, str], *, csrf: bool = True) -> httpx.Response:
        form = {"csrf_token": self.token, **data} if csrf else data
        response: httpx.Response = self.client.post(path, data=form, follow_redirects=False)
        return response


def log_in(app: FastAPI, username: str, password: str = PASSWORD) -> User:
    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    home = client.get("/", follow_redirects=True)
    return User(client, csrf_token(home.text))


@pytest.fixture
def erp_dir(tmp_path: Path) -> Path:
    seed_erp(tmp_path)
    return tmp_path


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    seed_case(tmp_path)
    return tmp_path


@pytest.fixture
def erp_db(erp_dir: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(erp_dir / ERP_DB)
    yield conn
    conn.close()


@pytest.fixture
def case_db(case_dir: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(case_dir / CASE_DB)
    yield conn
    conn.close()


@pytest.fixture
def erp_app(erp_dir: Path) -> FastAPI:
    return create_erp_app(erp_dir)


@pytest.fixture
def case_app(case_dir: Path) -> FastAPI:
    return create_case_app(case_dir)


@pytest.fixture
def erp_as(erp_app: FastAPI) -> Callable[[str], User]:
    """erp_as("robot"): a client logged in to the ERP as that user (robot, sagsbehandler, admin)."""
    return lambda username: log_in(erp_app, username)


@pytest.fixture
def case_as(case_app: FastAPI) -> Callable[[str], User]:
    return lambda username: log_in(case_app, username)


@pytest.fixture
def benefits_dir(tmp_path: Path) -> Path:
    seed_benefits(tmp_path)
    return tmp_path


@pytest.fixture
def benefits_db(benefits_dir: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(benefits_dir / BENEFITS_DB)
    yield conn
    conn.close()


@pytest.fixture
def benefits_app(benefits_dir: Path) -> FastAPI:
    return create_benefits_app(benefits_dir)


@pytest.fixture
def benefits_as(benefits_app: FastAPI) -> Callable[[str], User]:
    """benefits_as("robot"): a client logged in to the benefits system as that user."""
    return lambda username: log_in(benefits_app, username)
