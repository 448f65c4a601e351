"""Markers for tests that need a program this machine may lack (CI installs them all)."""

from __future__ import annotations

import shutil

import pytest

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)
