"""A kept trace holds no password, in whatever spelling, and no cookie value."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, cast

from robot.sites.traces import REDACTED, TraceRecorder, scrub_trace
from tests.support.run_async import run_async

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


class _Tracing:
    """Saves a chunk as a real trace archive, as Playwright's tracing does; counts how long
    tracing runs."""

    def __init__(self) -> None:
        self.running = False

    async def start(self, **_: object) -> None:
        assert not self.running
        self.running = True

    async def stop(self) -> None:
        self.running = False

    async def start_chunk(self) -> None:
        assert self.running

    async def stop_chunk(self, path: Path | None = None) -> None:
        if path is not None:
            _trace(path)


class _Context:
    def __init__(self) -> None:
        self.tracing = _Tracing()


def _recorder(folder: Path, system: str = "erp") -> TraceRecorder:
    return TraceRecorder(cast(Any, _Context()), folder=folder, system=system, secrets=[PASSWORD])


def test_two_workers_recording_the_same_system_save_separate_parts(tmp_path: Path) -> None:
    async def both() -> tuple[list[Path], list[Path]]:
        first, second = _recorder(tmp_path), _recorder(tmp_path)
        for recorder in (first, second):
            await recorder.record()
            await recorder.pause()
        return first.take_parts(), second.take_parts()

    first_parts, second_parts = run_async(both())
    assert len(first_parts) == len(second_parts) == 1
    assert first_parts[0] != second_parts[0]


def test_an_unreadable_trace_is_not_kept_and_the_run_goes_on(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path)
    broken = tmp_path / ".part-erp-broken.trace.zip"
    broken.write_bytes(b"PK\x03\x04 not a whole archive")
    recorder.adopt([broken])
    assert run_async(recorder.finish(keep_as="ERP-000029")) == []
    assert list(tmp_path.iterdir()) == []


def test_a_readable_trace_is_kept_scrubbed_under_the_invoice_id(tmp_path: Path) -> None:
    async def recorded() -> list[Path]:
        recorder = _recorder(tmp_path)
        await recorder.record()
        return await recorder.finish(keep_as="ERP-000029")

    kept = run_async(recorded())
    assert [p.name for p in kept] == ["ERP-000029-erp.trace.zip"]
    with zipfile.ZipFile(kept[0]) as archive:
        contents = b"".join(archive.read(name) for name in archive.namelist())
    assert REDACTED.encode() in contents
    assert PASSWORD.encode() not in contents


def test_nothing_is_traced_until_an_invoice_is_retried_and_tracing_stops_after_it(
    tmp_path: Path,
) -> None:
    context = _Context()
    recorder = TraceRecorder(cast(Any, context), folder=tmp_path, system="erp")

    async def invoice_with_a_retry() -> tuple[bool, bool, bool]:
        await recorder.open()
        idle = context.tracing.running
        await recorder.record()
        during = context.tracing.running
        await recorder.finish(keep_as=None)
        return idle, during, context.tracing.running

    assert run_async(invoice_with_a_retry()) == (False, True, False)
