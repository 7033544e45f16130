"""The decision code is pure: importing it loads no browser, HTTP, Excel or web library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("playwright", "httpx", "openpyxl", "pandas", "fastapi", "requests", "urllib3")


def test_domain_imports_no_browser_http_or_excel_library() -> None:
    script = (
        "import sys, robot.domain, robot.domain.decision;"
        f"print(','.join(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_domain_modules_import_only_stdlib_stdnum_and_each_other() -> None:
    """Every module of the domain and its packages (ways, notes), imports in functions too."""
    import ast

    allowed = ("robot.domain", "stdnum", "__future__")
    stdlib = sys.stdlib_module_names
    for module in sorted((ROOT / "robot" / "domain").rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in stdlib or name.startswith(allowed), f"{module.name}: {name}"
