"""Known vulnerabilities in the pinned dependencies, from PyPI's own vulnerability data.

`pip-audit` asks PyPI for each pinned release (`/pypi/NAME/VERSION/json`) or asks OSV; neither
answers from this project's build machines, but PyPI's project page (`/pypi/NAME/json`) does.
That page lists the known vulnerabilities of the project's newest release. So:

- a pin that is the newest release is audited exactly: its known vulnerabilities are listed;
- a pin that is older is reported as not audited (upgrade it to make it auditable), and a
  vulnerability of the newest release that is also older than the fix is still reported.

Exit 1 when a pin has a known vulnerability that is not withdrawn, 0 otherwise (pins that could
not be audited are listed as warnings).
Usage: .venv/bin/python scripts/audit_pins.py [constraints.txt]  (make audit)
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from packaging.version import InvalidVersion, Version


def project_json_url(name: str) -> str:
    """PyPI's JSON page of a project, at the address pip itself knows PyPI by (this project
    writes no registry address of its own). Always https, never a file: or other scheme."""
    from pip._internal.models.index import PyPI  # the venv's pip; the one place it is named

    return f"{PyPI.pypi_url}/{name}/json"


def read_pins(path: Path) -> list[tuple[str, str]]:
    pins = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins.append((name.strip(), version.strip()))
    return pins


def fetch(name: str) -> dict[str, object]:
    url = project_json_url(name)
    if not url.startswith("https://"):
        raise ValueError(f"not an https address: {url}")
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310
        data: dict[str, object] = json.load(answer)
        return data


def audit(name: str, version: str, project: dict[str, object]) -> tuple[list[str], str | None]:
    """(known vulnerabilities of the pin, a warning when the pin could not be audited)."""
    info = project.get("info")
    newest = info.get("version") if isinstance(info, dict) else None
    found = []
    vulnerabilities = project.get("vulnerabilities")
    for vuln in vulnerabilities if isinstance(vulnerabilities, list) else []:
        if not isinstance(vuln, dict) or vuln.get("withdrawn"):
            continue
        fixed = vuln.get("fixed_in") or []
        if version == newest or any(_older(version, f) for f in fixed):
            found.append(f"{vuln.get('id')} (fixed in {', '.join(fixed) or 'no release yet'})")
    warning = None if version == newest else f"pin {version} is not the newest ({newest})"
    return found, warning


def _older(version: str, other: str) -> bool:
    """PEP 440 order; a version that cannot be read is taken as older (reported, not hidden)."""
    try:
        return Version(version) < Version(other)
    except InvalidVersion:
        return True


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "constraints.txt"
    pins = read_pins(path)
    vulnerable = 0
    unaudited: list[str] = []
    for name, version in pins:
        try:
            project = fetch(name)
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            unaudited.append(f"{name}=={version}: PyPI did not answer ({exc})")
            continue
        found, warning = audit(name, version, project)
        for vuln in found:
            print(f"VULNERABLE {name}=={version}: {vuln}")
            vulnerable += 1
        if warning:
            unaudited.append(f"{name}=={version}: {warning}")
    for line in unaudited:
        print(f"not audited: {line}")
    print(
        f"audit: {len(pins)} pins, {vulnerable} known vulnerabilities, {len(unaudited)} not audited"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
