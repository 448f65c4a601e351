"""Builds the compiled fast path for clean files (eaf/load/_compose.c); the rest of the
package is described in pyproject.toml. Optional: where it cannot be compiled, eaf installs
without it and reads every file by the slower paths (eaf/load/fast.py)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("eaf.load._compose", ["eaf/load/_compose.c"], optional=True)])
