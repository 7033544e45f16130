"""The contract's example and real-sample documents, as the tests use them.

The contract lives beside this project (`../shared/contract/`), which a clean checkout on a build
machine need not have; the tests use the copy in `tests/contract_files/`, and
`tests/unit/test_contract_copy.py` fails when that copy differs from the contract beside it.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "tests" / "contract_files"
SHARED_CONTRACT = REPO.parent / "shared" / "contract"
FOLDERS = ("examples", "real-samples")
