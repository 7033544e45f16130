"""A kept trace holds no password, in whatever spelling, and no cookie value."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from robot.sites.traces import REDACTED, scrub_trace

PASSWORD = "s3cret &pw+æ"


def _trace(path: Path) -> Path:
    entry = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "method": "POST",
                "url": "http://127.0.0.1/login",
                "cookies": [{"name": "erp_session", "value": "tok-123"}],
                "headers": [{"name": "Cookie", "value": "erp_session=tok-123"}],
                "postData": {"text": "username=robot&password=s3cret+%26pw%2B%C3%A6"},
            },
            "response": {"headers": [{"name": "Set-Cookie", "value": "erp_session=tok-456"}]},
        },
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trace.network", json.dumps(entry) + "\n")
        archive.writestr("trace.trace", json.dumps({"params": {"value": PASSWORD}}))
        archive.writestr("resources/page.html", f"<input value='{PASSWORD}'>")
    return path


def test_password_is_removed_plain_form_encoded_and_json_escaped(tmp_path: Path) -> None:
    target = tmp_path / "kept.trace.zip"
    scrub_trace(_trace(tmp_path / "raw.zip"), target, secrets=[PASSWORD])
    with zipfile.ZipFile(target) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert PASSWORD.encode() not in everything
    assert b"s3cret+%26pw%2B%C3%A6" not in everything
    assert json.dumps(PASSWORD)[1:-1].encode() not in everything
    assert REDACTED.encode() in everything


def test_cookie_values_and_cookie_headers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "kept.trace.zip"
    scrub_trace(_trace(tmp_path / "raw.zip"), target, secrets=[PASSWORD])
    with zipfile.ZipFile(target) as archive:
        network = archive.read("trace.network")
    assert b"tok-123" not in network and b"tok-456" not in network
    assert json.loads(network)["snapshot"]["request"]["method"] == "POST", "the rest is kept"
