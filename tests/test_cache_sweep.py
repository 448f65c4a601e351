"""The cache is kept under its size (`[cache] max_mb`): swept least recently used first, at
most once per SWEEP_EVERY, touching nothing but its own entries."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf import cache as cache_module
from eaf.cache import SWEEP_EVERY, Cache, content_key
from eaf.cli import cli
from eaf.config import ConfigError, config_from

KB = 1024
NOW = float(int(time.time()))  # entries are touched on a hit with the real clock


def _store(cache: Cache, name: str, size: int, at: float) -> Path:
    key = content_key(name)
    cache.put_bytes("parse", key, b"x" * size)
    assert cache.directory is not None
    path = cache.directory / "parse" / key[:2] / key
    os.utime(path, (at, at))
    return path


def _due(directory: Path) -> None:
    """The last sweep ran long ago."""
    marker = directory / "SWEPT"
    marker.touch()
    os.utime(marker, (NOW - 2 * SWEEP_EVERY, NOW - 2 * SWEEP_EVERY))


def test_an_oversized_cache_loses_its_least_recently_used_entries(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", 10 * KB, NOW - 1000 + i) for i in range(10)]
    _due(tmp_path)
    assert cache.sweep_if_due(60 * KB, now=NOW)
    kept = [p.exists() for p in paths]
    # 10 entries of 10 KB (and a 16-byte digest each) over 60 KB: the oldest go until at
    # most 80% (48 KB) is left, so the four newest stay.
    assert kept == [False] * 6 + [True] * 4


def test_a_hit_keeps_an_entry(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", 10 * KB, NOW - 1000 + i) for i in range(10)]
    # The oldest entry is read: it is now the most recently used.
    assert cache.get_bytes("parse", content_key("e0")) == b"x" * 10 * KB
    _due(tmp_path)
    assert cache.sweep_if_due(60 * KB, now=os.stat(paths[0]).st_mtime + 1)
    assert paths[0].exists()
    assert not paths[1].exists()


def test_no_sweep_before_it_is_due(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", 10 * KB, NOW - 1000 + i) for i in range(10)]
    marker = tmp_path / "SWEPT"
    marker.touch()
    os.utime(marker, (NOW - SWEEP_EVERY / 2, NOW - SWEEP_EVERY / 2))
    assert not cache.sweep_if_due(60 * KB, now=NOW)
    assert all(p.exists() for p in paths)
    _due(tmp_path)
    assert cache.sweep_if_due(60 * KB, now=NOW)
    assert not all(p.exists() for p in paths)
    # The sweep restarts the clock.
    assert not cache.sweep_if_due(1, now=NOW + 1)


def test_a_cache_under_its_size_keeps_everything(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", KB, NOW - 1000 + i) for i in range(10)]
    _due(tmp_path)
    assert cache.sweep_if_due(60 * KB, now=NOW)
    assert all(p.exists() for p in paths)


def test_zero_keeps_everything(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", 10 * KB, NOW - 1000 + i) for i in range(3)]
    _due(tmp_path)
    assert not cache.sweep_if_due(0, now=NOW)
    assert all(p.exists() for p in paths)


def test_a_sweep_touches_only_entries_and_old_temporary_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    entry = _store(cache, "e", 10 * KB, NOW - 1000)
    shard = entry.parent
    mine = tmp_path / "notes.txt"  # not laid out as an entry: never removed
    mine.write_bytes(b"y" * 50 * KB)
    stray = shard / "zz-not-an-entry"
    stray.write_bytes(b"y" * 50 * KB)
    outside = tmp_path.parent / "outside-the-cache"
    outside.write_bytes(b"y" * 50 * KB)
    link = shard / (shard.name + "link")
    link.symlink_to(outside)
    old_tmp = shard / f".{entry.name}.abc.tmp"
    old_tmp.write_bytes(b"t")
    os.utime(old_tmp, (NOW - 2 * SWEEP_EVERY, NOW - 2 * SWEEP_EVERY))
    new_tmp = shard / f".{entry.name}.def.tmp"  # another run may be writing it
    new_tmp.write_bytes(b"t")
    os.utime(new_tmp, (NOW - 10, NOW - 10))
    _due(tmp_path)
    assert cache.sweep_if_due(KB, now=NOW)
    assert not entry.exists()
    assert not old_tmp.exists()
    assert mine.exists() and stray.exists() and new_tmp.exists() and outside.exists()
    assert link.is_symlink()


def test_a_new_cache_starts_its_clock_without_sweeping(tmp_path: Path) -> None:
    directory = tmp_path / "build" / ".cache"
    assert not Cache(directory).sweep_if_due(KB, now=NOW)
    assert (directory / "SWEPT").stat().st_mtime == NOW


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not Cache(blocker / ".cache").sweep_if_due(KB, now=NOW)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"max_mb": -1}, "whole number"),
        ({"max_mb": "1 GB"}, "whole number"),
        ({"size": 1}, "unknown"),
    ],
)
def test_the_size_setting_is_checked(
    tmp_path: Path, table: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from(tmp_path, {"cache": table})


def test_the_size_setting_defaults_to_a_gibibyte(tmp_path: Path) -> None:
    assert config_from(tmp_path, {}).cache_max_mb == 1024
    assert config_from(tmp_path, {"cache": {"max_mb": 0}}).cache_max_mb == 0


def test_a_command_sweeps_the_project_cache_when_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`eaf validate` opens the project's cache, and sweeps it to `[cache] max_mb`."""
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init", "."], catch_exceptions=False).exit_code == 0
    with (tmp_path / "eaf.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[cache]\nmax_mb = 1\n")
    directory = tmp_path / "build" / ".cache"
    cache = Cache(directory)
    old = [_store(cache, f"e{i}", 300 * KB, NOW - 1000 + i) for i in range(6)]
    _due(directory)
    result = runner.invoke(cli, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    remaining = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    assert remaining <= 1024 * 1024
    assert [p.exists() for p in old] == [False] * 4 + [True] * 2


def test_entries_another_run_removed_count_as_freed(tmp_path: Path) -> None:
    """Two sweeps at once: what the other removed is not made up for with newer entries."""
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", 10 * KB, NOW - 1000 + i) for i in range(10)]
    real_remove = cache_module._remove

    def raced(path: str) -> bool:
        os.unlink(path)  # the other sweep got there first
        return real_remove(path)

    _due(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_module, "_remove", raced)
        assert cache.sweep_if_due(60 * KB, now=NOW)
    assert [p.exists() for p in paths] == [False] * 6 + [True] * 4


def test_a_sweep_is_claimed_before_it_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    _store(cache, "e", 10 * KB, NOW - 1000)
    _due(tmp_path)
    seen: list[float] = []
    monkeypatch.setattr(
        cache_module, "sweep", lambda *a, **k: seen.append((tmp_path / "SWEPT").stat().st_mtime)
    )
    assert cache.sweep_if_due(KB, now=NOW)
    assert seen == [NOW]  # a command started meanwhile finds the sweep not due


def test_a_cache_whose_marker_cannot_be_set_is_not_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache this process cannot write to (root's, read-only): no scan on every command."""
    cache = Cache(tmp_path)
    path = _store(cache, "e", 10 * KB, NOW - 1000)
    _due(tmp_path)

    def refused(marker: Path, now: float) -> None:
        raise PermissionError(marker)

    monkeypatch.setattr(cache_module, "_stamp", refused)
    assert not cache.sweep_if_due(KB, now=NOW)
    assert path.exists()


def test_a_file_gone_between_listing_and_reading_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    paths = [_store(cache, f"e{i}", 10 * KB, NOW - 1000 + i) for i in range(10)]
    real_files = cache_module._files

    def listing(path: str) -> list[os.DirEntry[str]]:
        found = real_files(path)
        for entry in found:
            if entry.path == str(paths[9]):
                os.unlink(entry.path)  # another run's rename or removal
        return found

    monkeypatch.setattr(cache_module, "_files", listing)
    _due(tmp_path)
    assert cache.sweep_if_due(60 * KB, now=NOW)
    # The other nine are read: 90 KB over 60 KB, the oldest go until 48 KB is left.
    assert [p.exists() for p in paths[:9]] == [False] * 5 + [True] * 4


def test_a_hit_of_a_value_keeps_an_entry(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    old = NOW - 1000
    cache.put("parse", content_key("v0"), {"value": 0})
    first = tmp_path / "parse" / content_key("v0")[:2] / content_key("v0")
    os.utime(first, (old, old))
    others = [_store(cache, f"e{i}", 10 * KB, old + 1 + i) for i in range(6)]
    assert cache.get("parse", content_key("v0")) == {"value": 0}
    _due(tmp_path)
    assert cache.sweep_if_due(40 * KB, now=os.stat(first).st_mtime + 1)
    assert first.exists()
    assert not others[0].exists()
