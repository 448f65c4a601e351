"""The caches change nothing a user sees: on the shipped model, what `eaf build` writes
(build/model.json, the plateaus' models, the gap reports) and the checks' diagnostics, and
what `eaf validate --format json` prints, are byte-identical with no cache, with a warm cache,
after an edit (beside a cold run of the edited model) and after the edit is reverted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf.cli import cli
from eaf.config import load_config
from eaf.diagnostics import to_plain
from eaf.pipeline.build import write_outputs
from eaf.pipeline.check import check_project

ROOT = Path(__file__).resolve().parents[1]


def _build(root: Path, *, use_cache: bool) -> tuple[object, dict[str, bytes]]:
    """The checks' findings and every file `eaf build` writes before drawing, as bytes. The
    diagrams and the site are left out: they are drawn from the same model and graph."""
    config = load_config(root)
    shutil.rmtree(root / "build" / "model", ignore_errors=True)
    shutil.rmtree(root / "build" / "gaps", ignore_errors=True)
    project, report = check_project(config, use_cache=use_cache)
    assert not project.diagnostics.has_errors()
    written = write_outputs(project)
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in written}
    return ([to_plain(d) for d in report.diagnostics], report.stats, report.ok), files


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", *args])
    return result.exit_code, result.stdout


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "province"
    shutil.copytree(ROOT / "models", root / "models")
    (root / "eaf.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _edited_file(root: Path) -> tuple[Path, str, str]:
    """A model file with a description, and that file with one description changed."""
    for path in sorted((root / "models").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "description: " in text:
            return path, text, text.replace("description: ", "description: Sửa. ", 1)
    raise AssertionError("no description in the shipped model")


def test_build_outputs_identical_cold_warm_edited_reverted(shipped: Path) -> None:
    cold = _build(shipped, use_cache=False)
    assert "build/model.json" in cold[1]
    assert _build(shipped, use_cache=True) == cold  # filling the cache
    assert _build(shipped, use_cache=True) == cold  # from it
    path, original, edited = _edited_file(shipped)
    path.write_text(edited, encoding="utf-8")
    after_edit = _build(shipped, use_cache=True)
    assert after_edit == _build(shipped, use_cache=False)
    assert after_edit[1]["build/model.json"] != cold[1]["build/model.json"]  # the edit shows
    path.write_text(original, encoding="utf-8")
    assert _build(shipped, use_cache=True) == cold


def test_validate_json_identical_cold_warm_incremental_reverted(shipped: Path) -> None:
    cold = _validate("--no-cache")
    assert cold[0] in (0, 1) and cold[1].startswith("{")
    assert _validate() == cold  # the first run leaves the state
    assert _validate() == cold  # the verdict from the cache
    path, original, edited = _edited_file(shipped)
    path.write_text(edited, encoding="utf-8")
    assert _validate() == _validate("--no-cache")  # patched from the state
    path.write_text(original, encoding="utf-8")
    assert _validate() == cold
