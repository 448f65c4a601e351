"""Work done beside this process: a forked child computes a function's plain (marshal-able)
result while this process goes on with other work, and hands it back through a pipe.

Why fork: the child starts with this process's memory as it is (the typed model, copy on
write), so nothing is pickled on the way in, and only plain data comes back. Where fork is
missing (Windows), unsafe (another thread runs: a lock it holds would stay held in the child)
or fails, and when the child does not finish cleanly, the function runs here instead, when its
result is asked for: the result is the same either way, only the time differs."""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import threading
from collections.abc import Callable
from typing import Any


class Beside:
    """`fn()` started in a forked child (unless `fork` is off: when the work is too small for a
    process to pay); `result()` gives its value (computed here if the child could not)."""

    def __init__(self, fn: Callable[[], Any], *, fork: bool = True) -> None:
        self.fn = fn
        self.pid: int | None = None
        self.fd = -1
        if not fork or not hasattr(os, "fork") or threading.active_count() > 1:
            return
        try:
            read, write = os.pipe()
        except OSError:  # no file descriptor left: the work is done here
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, write, leave without running any exit handler
            os.close(read)
            code = 1
            with contextlib.suppress(BaseException):
                data = marshal.dumps(fn())
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            os._exit(code)
        os.close(write)
        self.pid, self.fd = pid, read

    def result(self) -> Any:
        if self.pid is None:
            return self.fn()
        pid, self.pid = self.pid, None
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped by someone else (SIGCHLD ignored): status unknown
            status = 1
        if status != 0:
            return self.fn()
        try:
            return marshal.loads(data)  # noqa: S302 - plain data from our own child
        except (EOFError, ValueError, TypeError):
            return self.fn()

    def close(self) -> None:
        """Ends the child if its result was not asked for (the caller met an error): it is
        killed and reaped, and its pipe closed, so nothing is left behind in a process that
        goes on."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
