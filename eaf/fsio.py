"""Writing files safely: a temporary file in the same folder, fsync, then an atomic rename.

A file written gets the mode a plain `open()` would give it (0666 less the umask: 0644 under the
usual 022), and a file rewritten keeps its mode: the temporary file is private (0600) only while
it is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    # Elsewhere it can only be read by setting it; set back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def mode_for(path: Path) -> int:
    """The mode a file written at `path` gets: the existing file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~umask()


def _temporary(path: Path, data: bytes, *, durable: bool = True) -> str:
    """A temporary file beside ``path`` holding ``data``, with the mode ``path`` gets, flushed
    to disk when ``durable``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``; on any failure the old file is left untouched.

    Without ``durable`` nothing is fsynced: readers see the whole new file or the old one, but
    after a power loss the file may be empty or torn. For a cache that checks what it reads:
    two fsyncs per file were most of the wall time of a cold `eaf validate` on a small model."""
    tmp = _temporary(path, data.encode("utf-8") if isinstance(data, str) else data, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    with contextlib.suppress(OSError):  # not every filesystem lets a folder be fsynced
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_new(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` unless it exists; never replaces a file, even one created
    meanwhile by someone else. Returns False (and writes nothing) when the path exists."""
    if path.exists() or path.is_symlink():
        return False
    tmp = _temporary(path, data)
    try:
        try:
            os.link(tmp, path)  # atomic, and fails if the path exists: whole file or none
        except FileExistsError:
            return False
        except OSError:  # a filesystem without hard links: exclusive create instead
            try:
                with open(path, "xb") as handle:  # created 0666 less the umask, as wanted
                    handle.write(data)
            except FileExistsError:
                return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
