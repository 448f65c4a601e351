"""Markers for tests that need a program this machine may lack (CI installs them all)."""

from __future__ import annotations

import shutil

import pytest

#: The system Chromium (Playwright cannot download browsers here).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed: apt-get install chromium"
)
