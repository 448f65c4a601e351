"""Project root and settings, model-file discovery, and the content-hash cache."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf.cache import Cache, content_key
from eaf.cli import cli
from eaf.config import ConfigError, load_config
from eaf.load.discover import discover

ORG = "organizations:\n  - id: {id}\n    name: X\n    level: province\n    type: tỉnh\n"


def test_root_is_found_from_a_subfolder(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": ORG.format(id="a")})
    (root / "models" / "deep").mkdir()
    config = load_config(root / "models" / "deep")
    assert config.root == root
    assert config.models == root / "models"


def test_pyproject_tool_eaf_settings(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.eaf]\nmodels = "arch"\n[tool.eaf.limits]\nmax_depth = 8\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert config.models == tmp_path / "arch"
    assert config.limits.max_depth == 8


@pytest.mark.parametrize(
    "text",
    ["[tool.eaf]\nmodels = 3\n", "[tool.eaf.limits]\nmax_dept = 8\n", "[tool.eaf\n"],
)
def test_bad_settings_are_usage_errors(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert "configuration" in result.stderr


def test_discovery_rule(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/b.yaml": ORG.format(id="b"),
            "models/a/z.yaml": ORG.format(id="z"),
            "models/.hidden.yaml": "x",
            "models/.git/c.yaml": "x",
            "models/d.yaml~": "x",
            "models/#e.yaml#": "x",
            "models/f.yml": "x",
            "models/notes.md": "x",
        }
    )
    files, diags = discover(root / "models", root)
    assert [f.rel for f in files] == ["models/a/z.yaml", "models/b.yaml"]
    assert [(d.code, str(d.location)) for d in diags] == [("EAF120", "models/f.yml")]


def test_links_outside_the_model_folder_are_refused(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": ORG.format(id="a"), "secret.yaml": "password: x\n"})
    os.symlink(root / "secret.yaml", root / "models" / "link.yaml")
    files, diags = discover(root / "models", root)
    assert [f.rel for f in files] == ["models/a.yaml"]
    assert [(d.code, str(d.location)) for d in diags] == [("EAF119", "models/link.yaml")]


def test_cache_roundtrip_and_corruption_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    key = content_key("models/a.yaml", b"abc")
    assert cache.get("parse", key) is None
    cache.put("parse", key, ({"a": [1, "b", None]}, [], False))
    assert cache.get("parse", key) == ({"a": [1, "b", None]}, [], False)
    assert content_key("models/a.yaml", b"abd") != key
    assert content_key("models/a.yam", b"labc") != key  # parts are length-prefixed
    for path in (tmp_path / "c").rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    assert cache.get("parse", key) is None
    # Entries are not fsynced: one torn by a crash (cut short, or with bytes changed) is a miss.
    cache.put("parse", key, ("x" * 100, [], False))
    cache.put_bytes("layout", key, b"<svg/>" * 50)
    assert cache.get_bytes("layout", key) == b"<svg/>" * 50
    for path in (tmp_path / "c").rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            path.write_bytes(raw[: len(raw) // 2])
    assert cache.get("parse", key) is None
    assert cache.get_bytes("layout", key) is None
    cache.put("parse", key, ("x" * 100, [], False))
    for path in (tmp_path / "c" / "parse").rglob("*"):
        if path.is_file():
            raw = bytearray(path.read_bytes())
            raw[-5] ^= 1
            path.write_bytes(bytes(raw))
    assert cache.get("parse", key) is None
    Cache(None).put("parse", key, 1)  # a disabled cache stores nothing and never fails
    assert Cache(None).get("parse", key) is None


def test_warm_runs_report_the_same_and_see_edits(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": ORG.format(id="a"), "models/b.yaml": ORG.format(id="b")})
    runner = CliRunner()
    cold = runner.invoke(cli, ["validate", "--format", "json"])
    assert (root / "build" / ".cache").is_dir()
    warm = runner.invoke(cli, ["validate", "--format", "json"])
    assert (cold.exit_code, cold.stdout) == (warm.exit_code, warm.stdout) == (0, cold.stdout)
    (root / "models" / "b.yaml").write_text(ORG.format(id="a"), encoding="utf-8")
    edited = runner.invoke(cli, ["validate"])
    assert edited.exit_code == 1
    assert "EAF303" in edited.stdout
    uncached = runner.invoke(cli, ["validate", "--no-cache"])
    assert (uncached.exit_code, uncached.stdout) == (edited.exit_code, edited.stdout)


def test_unwritable_cache_is_not_an_error(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": ORG.format(id="a")})
    (root / "build").write_text("a file where the cache folder should be", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output


def test_permission_denied_is_reported_and_the_rest_checked(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """F03 as root can only be simulated: root reads files of mode 000."""
    root = project(
        {
            "models/a.yaml": ORG.format(id="a") + "    owner: nobody\n",
            "models/b.yaml": ORG.format(id="b"),
        }
    )
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "b.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(cli, ["validate", "--no-cache"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("models/a.yaml:6:12: error[EAF301]")
    assert "models/b.yaml: error[EAF118] permission denied" in lines
    assert root.exists()


def test_an_unreadable_folder_fails_validation(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing skipped silently: a folder that cannot be listed is an error at its path, and
    the rest is still checked (simulated: root lists folders of mode 000)."""
    root = project(
        {
            "models/a.yaml": ORG.format(id="a"),
            "models/locked/b.yaml": ORG.format(id="b"),
            "models/open/c.yaml": ORG.format(id="c") + "    parent: b\n",
        }
    )
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(cli, ["validate", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "models/locked: error[EAF118] folder cannot be read: permission denied" in (
        result.stdout.splitlines()
    )
    assert "(2 elements in 2 files)" in result.stdout
    assert root.exists()
