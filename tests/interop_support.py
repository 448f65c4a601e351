"""What the interop tests share: projects to export (the shipped model, the hostile model of
tests/interop/model.yaml), exporting them through the pipeline, and the receiving formats'
own checkers, found in the tools folder (`make tools`) or on PATH.

A checker that is missing skips its test with how to install it; under CI=true (.ci/run
installs every checker) a missing checker fails the test instead."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from eaf.config import load_config
from eaf.pipeline import Project, load_project
from eaf.pipeline.export import export_project

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HOSTILE = HERE / "interop" / "model.yaml"
SCHEMAS = HERE / "schemas"
TOOLS = Path(os.environ.get("EAF_TOOLS") or Path.home() / ".cache" / "eaf-tools")
FILES = {
    "archimate": "eaf.archimate.xml",
    "likec4": "likec4/eaf.c4",
    "mermaid": "mermaid",
    "structurizr": "structurizr",
    "drawio": "eaf.drawio",
    "csv": "csv",
    "xlsx": "eaf.xlsx",
}
INSTALL = "run `make tools` (npm packages into ~/.cache/eaf-tools, see tests/tools/package.json)"


def missing(what: str, how: str) -> None:
    """Skip (or, in CI, fail) a test whose checker is not installed."""
    message = f"{what} is not installed: {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI installs it in .ci/run)")
    pytest.skip(message)


def npm_tool(name: str) -> Path:
    path = TOOLS / "node_modules" / ".bin" / name
    if not path.exists():
        missing(name, INSTALL)
    return path


def npm_file(relative: str) -> Path:
    path = TOOLS / "node_modules" / relative
    if not path.exists():
        missing(relative, INSTALL)
    return path


def program(*names: str, how: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    missing(names[0], how)
    raise AssertionError  # unreachable: missing() skips or fails


def make_project(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A project at `root`: an eaf.toml, and the model files given (paths under root)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "eaf.toml").write_text("", encoding="utf-8")
    (root / "models").mkdir(exist_ok=True)
    for rel, content in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def hostile_project(root: Path) -> Path:
    return make_project(root, {"models/model.yaml": HOSTILE.read_text(encoding="utf-8")})


def shipped_copy(root: Path) -> Path:
    make_project(root)
    shutil.rmtree(root / "models")
    shutil.copytree(REPO / "models", root / "models")
    return root


def load(root: Path) -> Project:
    project = load_project(load_config(root))
    assert not project.diagnostics.has_errors(), project.diagnostics.sorted()[:3]
    return project


def export_all(root: Path, out: Path, formats: tuple[str, ...] = tuple(FILES)) -> dict[str, Path]:
    """Every format exported from the project at `root` into `out`; format → what it wrote."""
    project = load(root)
    written = {}
    for fmt in formats:
        target = out / FILES[fmt]
        outcome = export_project(project, fmt, out=target)
        assert not outcome.failed, outcome.diagnostics
        written[fmt] = target
    return written
