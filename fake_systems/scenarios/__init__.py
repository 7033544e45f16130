"""Synthetic scenario bundles with their ground truth (`fake-systems generate`)."""

from fake_systems.scenarios.generate import Summary, generate

__all__ = ["Summary", "generate"]
