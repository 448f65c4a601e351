"""A content-hash cache under build/.cache, so an unchanged re-run is near-instant and a
one-file edit re-parses one file.

Entries are written with marshal (plain data only: nothing in the cache can run code when read)
and keyed by the file's bytes plus a fingerprint of eaf itself, so a new eaf never reads an old
entry. Any problem with the cache (missing, corrupt, read-only) is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import marshal
from pathlib import Path
from typing import Any

import eaf
from eaf.fsio import write_atomic

FORMAT = 1


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


def content_key(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(fingerprint().encode())
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


class Cache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _path(self, bucket: str, key: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / bucket / key[:2] / key

    def get(self, bucket: str, key: str) -> Any:
        path = self._path(bucket, key)
        if path is None:
            return None
        try:
            return marshal.loads(path.read_bytes())  # noqa: S302 - plain data, eaf's own
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def put(self, bucket: str, key: str, value: Any) -> None:
        path = self._path(bucket, key)
        if path is None:
            return
        with contextlib.suppress(OSError, ValueError):
            write_atomic(path, marshal.dumps(value))
