"""Shared fixtures: a throw-away project with an eaf.toml and a models/ folder."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """project({"models/a.yaml": "..."}) writes the files and makes the folder the project root."""
    (tmp_path / "eaf.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes]) -> Path:
        for rel, content in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return tmp_path

    return make


def build_site(root: Path, *args: str) -> Path:
    """`eaf site build [args]` run in ``root``; returns the folder it wrote."""
    import os

    from click.testing import CliRunner

    from eaf.cli import cli

    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["site", "build", *args])
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(old)
    return root / "build" / ("site-en" if "en" in args else "site")


@pytest.fixture(scope="session")
def site_builder() -> Callable[..., Path]:
    return build_site


@pytest.fixture(scope="session")
def shipped_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's project (models, hand-written pages, both mkdocs.yml)."""
    import shutil

    root = tmp_path_factory.mktemp("shipped") / "p"
    root.mkdir()
    for name in ("models", "site"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(REPO / name, root)
    (root / "eaf.toml").write_text("", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def shipped_site(shipped_project: Path) -> Path:
    """The shipped model's site, built once for every test module that reads it."""
    return build_site(shipped_project)


@pytest.fixture(scope="session")
def shipped_site_en(shipped_project: Path) -> Path:
    return build_site(shipped_project, "--lang", "en")


@pytest.fixture(scope="module")
def served(shipped_site: Path) -> Iterator[str]:
    """The shipped site from a static web server on the loopback, as reviewers reach it."""
    from reviewing import serve_folder

    with serve_folder(shipped_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system Chromium, one per test module (mark the tests with markers.needs_chromium)."""
    from reviewing import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def interop_shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """A copy of the shipped model and its export in every format (tests/test_interop*.py)."""
    from interop_support import export_all, shipped_copy

    root = shipped_copy(tmp_path_factory.mktemp("interop") / "shipped")
    return root, export_all(root, root / "out")


@pytest.fixture(scope="session")
def interop_hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The hostile model of tests/interop/model.yaml and its export in every format."""
    from interop_support import export_all, hostile_project

    root = hostile_project(tmp_path_factory.mktemp("interop") / "hostile")
    return root, export_all(root, root / "out")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated model (300 elements in 8 files), for the incremental and spread tests."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"),
            "--elements",
            "300",
            "--files",
            "8",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out
