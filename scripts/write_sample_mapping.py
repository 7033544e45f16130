"""Writes mappings/psp_mapping.xlsx, the sample workbook that covers the demo data.

The rows come from the same fixed chart the bundle generator uses (fake_systems/scenarios/
catalogue.py); a test checks the committed workbook still matches it. Run it again after
changing that chart: `.venv/bin/python scripts/write_sample_mapping.py`.
"""

from __future__ import annotations

from pathlib import Path

from fake_systems.scenarios.catalogue import mapping_rows
from fake_systems.scenarios.mapping_sheet import write_mapping

SAMPLE = Path(__file__).resolve().parents[1] / "mappings" / "psp_mapping.xlsx"
SAMPLE_YEAR = 2026

if __name__ == "__main__":
    write_mapping(SAMPLE, mapping_rows(SAMPLE_YEAR))
    print(f"wrote {SAMPLE}")
