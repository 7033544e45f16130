"""Scenario bundles: loading one into both stand-ins, and exporting their outcome."""
