"""The one content-addressed store under build/.cache, in buckets: `parse` (a file's parsed
YAML), `verdict` (a whole validation run), `state` (the last validation's per-file summaries
and findings, from which `eaf.pipeline.incremental` checks an edit), `layout` (a view laid
out by Graphviz, its tooltips as marks) and `tooltip` (how Graphviz writes each tooltip:
eaf.render.tooltips), so an unchanged re-run is near-instant, a one-file edit re-parses one
file and a view whose boxes did not change is never laid out twice; for the site, `drawing`
(a laid-out view cleaned for a page), `view` (a computed view's SVG and cleaned drawing, by
the view itself: eaf.pipeline.site.drawn), `schema` (the model schema, for its reference page)
and `page` (what the last build wrote into an output folder: eaf.site.rebuild).

Values are written with marshal (plain data only: nothing in the cache can run code when read),
layouts as the bytes Graphviz wrote. Entries are written atomically but not fsynced (a cold run
writes one per model file, and two fsyncs each cost more than the rest of a small run), so
each starts with a digest of what follows: an entry torn by a crash is a miss. Keys of eaf's
own results include a fingerprint of eaf itself, so a new eaf never reads an old entry; a
layout's key is its DOT text (tooltips as marks), the format and Graphviz's version (eaf's
code does not change what dot draws). Any problem with the cache (missing, corrupt,
read-only) is a miss, never an error.

Content-addressed entries pile up: every edit stores the file's new parse and summary, every
new eaf a new set. So the cache is kept under a size (`[cache] max_mb` in eaf.toml, 1024 by
default): when a project opens it, and the last sweep is more than `SWEEP_EVERY` old, entries
are dropped least recently used first (a hit touches its entry) until what is left is at most
`_KEEP` of the size, and temporary files that a crashed run left behind go too. One stat per
command when no sweep is due; a sweep reads every entry's size, once an hour at most.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import marshal
import os
import time
from pathlib import Path
from typing import Any

import eaf
from eaf.fsio import write_atomic

FORMAT = 2
_CHECK = 16  # bytes of the digest that starts every entry


@functools.cache
def fingerprint() -> str:
    """Changes whenever eaf's code or its validating library changes."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}:{eaf.__version__}".encode())
    # The validating library's version, read without importing it (this runs on the fast path).
    for name in ("pydantic", "pydantic_core"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            digest.update(Path(spec.origin).parent.as_posix().encode())
    package = Path(eaf.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(*parts: str | bytes, versioned: bool = True) -> str:
    """A key for these exact parts (and, unless `versioned` is off, this exact eaf)."""
    # Every run hashes every model file (38 MB at 100k elements): SHA-256 is computed by the
    # processor on current x86 and ARM (as fast as SHA-1 and faster than blake2b here: 31 vs
    # 38 ms for 38 MB). Not SHA-1: a pull request could hold two files with one SHA-1, and a
    # cached verdict on the first must never answer for the second.
    digest = hashlib.sha256()
    if versioned:
        digest.update(fingerprint().encode())
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()[:40]


#: Buckets a long-running process keeps in memory once read or written (`keep_in_memory`):
#: a layout's or drawing's key is of what it is made from, so an entry never goes stale, and
#: its value (bytes, text) cannot be changed by whoever reads it. The tooltip table grows, and
#: is kept as this process last read or wrote it (a tooltip it lacks is asked for again).
_KEPT_BUCKETS = frozenset({"layout", "drawing", "view", "tooltip"})
#: At most this many entries in memory: a few builds' diagrams of a big model (each has a
#: layout and a drawing), some hundred megabytes at most.
_MAX_KEPT = 2000


class _Memory:
    entries: dict[tuple[str, str, str], Any] | None = None


_MEMORY = _Memory()


def keep_in_memory(on: bool = True) -> None:
    """From now on (until called with False), keep entries of the content-addressed buckets,
    and what `Cache.remember` is given, in this process's memory: `eaf site serve` builds the
    site again at every edit, and need not read every diagram from disk each time."""
    _MEMORY.entries = {} if on else None


#: Seconds between two sweeps of one cache folder (its `SWEPT` file's time says when the last
#: one ran).
SWEEP_EVERY = 3600
#: A sweep leaves at most this share of the size limit, so the next ones have room to grow.
_KEEP = 0.8
_SWEPT = "SWEPT"


class Cache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def sweep_if_due(self, max_bytes: int, *, now: float | None = None) -> bool:
        """Sweep (see the module's docstring) when the last sweep is older than SWEEP_EVERY;
        `max_bytes` 0 keeps everything. Whether a sweep ran. The sweep is claimed first (the
        marker's time set to now): two commands started together do not both sweep, and a
        cache this process cannot write to is never swept (it could delete nothing)."""
        if self.directory is None or max_bytes <= 0:
            return False
        now = time.time() if now is None else now
        marker = self.directory / _SWEPT
        try:
            if now - marker.stat().st_mtime < SWEEP_EVERY:
                return False
        except OSError:
            if not self.directory.is_dir():  # nothing stored yet: the clock starts now
                with contextlib.suppress(OSError):
                    self.directory.mkdir(parents=True, exist_ok=True)
                    _stamp(marker, now)
                return False
        try:
            _stamp(marker, now)
        except OSError:
            return False
        sweep(self.directory, max_bytes, now=now)
        return True

    def _kept(self, bucket: str, key: str) -> tuple[str, str, str] | None:
        if _MEMORY.entries is None or self.directory is None:
            return None
        return (str(self.directory), bucket, key)

    def recall(self, bucket: str, key: str) -> Any:
        """What `remember` was given under this key in this process, if memory is kept."""
        slot, entries = self._kept(bucket, key), _MEMORY.entries
        if slot is None or entries is None or slot not in entries:
            return None
        entries[slot] = value = entries.pop(slot)  # the most recently used is dropped last
        return value

    def remember(self, bucket: str, key: str, value: Any) -> None:
        """Keep a value in this process's memory only (any value: it is never written), when
        memory is kept (`keep_in_memory`). The least recently used entries are dropped past
        `_MAX_KEPT`: a serve session of many edits does not grow without bound."""
        slot, entries = self._kept(bucket, key), _MEMORY.entries
        if slot is None or entries is None:
            return
        entries.pop(slot, None)
        entries[slot] = value
        while len(entries) > _MAX_KEPT:
            del entries[next(iter(entries))]

    def _path(self, bucket: str, key: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / bucket / key[:2] / key

    def has(self, bucket: str, key: str) -> bool:
        """Whether an entry is stored under this key (one stat; it may still be torn)."""
        path = self._path(bucket, key)
        return path is not None and path.is_file()

    def get(self, bucket: str, key: str) -> Any:
        if bucket in _KEPT_BUCKETS and (kept := self.recall(bucket, key)) is not None:
            return kept
        path = self._path(bucket, key)
        if path is None:
            return None
        raw = _checked(path)
        if raw is None:
            return None
        try:
            value = marshal.loads(raw)  # noqa: S302 - plain data, eaf's own
        except (EOFError, ValueError, TypeError):
            return None
        _touch(path)
        if bucket in _KEPT_BUCKETS:
            self.remember(bucket, key, value)
        return value

    def put(self, bucket: str, key: str, value: Any) -> None:
        if bucket in _KEPT_BUCKETS:
            self.remember(bucket, key, value)
        path = self._path(bucket, key)
        if path is None:
            return
        with contextlib.suppress(OSError, ValueError):
            write_atomic(path, _sealed(marshal.dumps(value)), durable=False)

    def get_bytes(self, bucket: str, key: str) -> bytes | None:
        if bucket in _KEPT_BUCKETS and isinstance(kept := self.recall(bucket, key), bytes):
            return kept
        path = self._path(bucket, key)
        if path is None:
            return None
        data = _checked(path)
        if data is not None:
            _touch(path)
            if bucket in _KEPT_BUCKETS:
                self.remember(bucket, key, data)
        return data

    def put_bytes(self, bucket: str, key: str, data: bytes) -> None:
        if bucket in _KEPT_BUCKETS:
            self.remember(bucket, key, data)
        path = self._path(bucket, key)
        if path is not None:
            with contextlib.suppress(OSError):
                write_atomic(path, _sealed(data), durable=False)


def sweep(directory: Path, max_bytes: int, *, now: float) -> None:
    """Drop the least recently used entries until at most `_KEEP` of `max_bytes` is left, once
    the entries take more than `max_bytes`; and temporary files older than SWEEP_EVERY. Only
    files laid out as entries (bucket/ab/abc...) are touched; links are never followed."""
    entries: list[tuple[float, int, str]] = []
    total = 0
    for bucket in _folders(str(directory)):
        for shard in _folders(bucket.path):
            for item in _files(shard.path):
                try:
                    found = item.stat(follow_symlinks=False)
                except OSError:  # renamed or removed by another run since it was listed
                    continue
                if item.name.startswith(".") and item.name.endswith(".tmp"):
                    if now - found.st_mtime > SWEEP_EVERY:  # a crashed run's leftover
                        _remove(item.path)
                    continue
                if item.name[:2] != shard.name:
                    continue  # not an entry
                entries.append((found.st_mtime, found.st_size, item.path))
                total += found.st_size
    if total <= max_bytes:
        return
    entries.sort()
    for _, size, path in entries:
        if total <= max_bytes * _KEEP:
            break
        if _remove(path):
            total -= size


def _folders(path: str) -> list[os.DirEntry[str]]:
    with contextlib.suppress(OSError), os.scandir(path) as found:
        return [e for e in found if e.is_dir(follow_symlinks=False)]
    return []


def _files(path: str) -> list[os.DirEntry[str]]:
    with contextlib.suppress(OSError), os.scandir(path) as found:
        return [e for e in found if e.is_file(follow_symlinks=False)]
    return []


def _remove(path: str) -> bool:
    """Whether the file is gone (removed here, or already by another run)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _stamp(marker: Path, now: float) -> None:
    marker.touch()
    os.utime(marker, (now, now))


def _touch(path: Path) -> None:
    """Marks an entry as used now (the sweep drops the least recently used first)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _sealed(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_CHECK).digest() + data


def _checked(path: Path) -> bytes | None:
    """The entry's data if the file is whole (its digest matches), else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    data = raw[_CHECK:]
    if len(raw) < _CHECK or hashlib.blake2b(data, digest_size=_CHECK).digest() != raw[:_CHECK]:
        return None
    return data
