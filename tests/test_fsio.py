"""Files eaf writes get the user's umask (0644 under 022), and a rewritten file keeps its mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf.cli import cli
from eaf.fsio import umask, write_atomic, write_new


@pytest.fixture
def mask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for the test; restored after it."""
    old = os.umask(0o022)
    os.umask(old)

    def set_mask(value: int) -> None:
        os.umask(value)

    yield set_mask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_umask_is_read_without_changing_it(mask: Callable[[int], None]) -> None:
    mask(0o027)
    assert umask() == 0o027
    assert umask() == 0o027


@pytest.mark.parametrize(("value", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_files_get_the_umask(
    tmp_path: Path, mask: Callable[[int], None], value: int, expected: int
) -> None:
    mask(value)
    write_atomic(tmp_path / "a" / "x.json", "{}")
    assert write_new(tmp_path / "y.yaml", b"a: 1\n")
    assert mode(tmp_path / "a" / "x.json") == expected
    assert mode(tmp_path / "y.yaml") == expected


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, mask: Callable[[int], None]) -> None:
    mask(0o022)
    target = tmp_path / "x.json"
    target.write_text("old", encoding="utf-8")
    for kept in (0o640, 0o600, 0o755):
        target.chmod(kept)
        write_atomic(target, "new")
        assert mode(target) == kept
        assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temporary file left


def test_eaf_schema_keeps_the_mode_of_existing_schemas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mask: Callable[[int], None]
) -> None:
    mask(0o022)
    (tmp_path / "eaf.toml").write_text("", encoding="utf-8")
    (tmp_path / "models").mkdir()
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["schema"]).exit_code == 0
    written = sorted((tmp_path / "schemas").iterdir())
    assert written
    assert {mode(p) for p in written} == {0o644}
    written[0].chmod(0o640)
    assert CliRunner().invoke(cli, ["schema"]).exit_code == 0
    assert mode(written[0]) == 0o640
    assert {mode(p) for p in written[1:]} == {0o644}
