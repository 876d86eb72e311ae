"""Shared test set-up: tests marked dot, chromium or poppler are skipped when the program is missing."""

from __future__ import annotations

import os
import shutil

import pytest

# marker -> the programs it needs (any one of a group of alternatives will do)
PROGRAMS = {
    "dot": [("dot",)],
    "chromium": [("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")],
    "poppler": [("pdftotext",), ("pdftoppm",)],
}


def missing(marker: str) -> list[str]:
    """The programs ``marker`` needs that are not on PATH (each group by its first name)."""
    if marker == "chromium" and os.environ.get("NMOSD_FLOW_CHROMIUM"):
        return [] if shutil.which(os.environ["NMOSD_FLOW_CHROMIUM"]) else ["$NMOSD_FLOW_CHROMIUM"]
    return [group[0] for group in PROGRAMS[marker]
            if not any(shutil.which(name) for name in group)]


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in PROGRAMS:
            if item.get_closest_marker(marker) is None:
                continue
            absent = missing(marker)
            if absent:
                item.add_marker(pytest.mark.skip(
                    reason=f"needs {', '.join(absent)} (not installed; see the README)"))
