"""The one place Graphviz is run: DOT text in, SVG or PNG bytes out, with a timeout."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from typing import Protocol


class GraphvizError(Exception):
    """A layout that failed: ``reason`` is missing, failed or timeout."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Runner(Protocol):
    def version(self) -> str: ...

    def render(self, dot: str, fmt: str) -> bytes: ...


@dataclass(frozen=True, slots=True)
class DotCli:
    """Runs the `dot` program; never through a shell, input on stdin."""

    executable: str = "dot"
    timeout: float = 60.0

    def path(self) -> str:
        found = shutil.which(self.executable)
        if found is None:
            raise GraphvizError("missing", f"Graphviz '{self.executable}' was not found on PATH")
        return found

    def version(self) -> str:
        return _version(self.path())

    def render(self, dot: str, fmt: str) -> bytes:
        try:
            return self._run(dot, fmt)
        except GraphvizError as exc:
            # Graphviz's router can fail on boxes placed by eaf (an assertion in its
            # triangulation): such a drawing is made again with square-cornered edges.
            if exc.reason != "failed" or _PLACED not in dot or _ROUTED not in dot:
                raise
            return self._run(dot.replace(_ROUTED, 'splines="ortho"', 1), fmt)

    def _run(self, dot: str, fmt: str) -> bytes:
        # `-n2`: a graph laid out by eaf (`layout=neato`, every node at its `pos`) is drawn
        # where it was placed; the dot layout ignores it.
        try:
            done = subprocess.run(
                [self.path(), "-n2", f"-T{fmt}"],
                input=dot.encode("utf-8"),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GraphvizError("timeout", f"dot took longer than {self.timeout:g} s") from None
        except OSError as exc:
            raise GraphvizError("missing", f"cannot run Graphviz: {exc}") from None
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GraphvizError("failed", detail[0] if detail else f"dot exited {done.returncode}")
        return done.stdout


#: How eaf.render.dot marks a graph it placed itself, and its routed edges.
_PLACED, _ROUTED = 'layout="neato"', 'splines="true"'


@functools.cache
def _version(path: str) -> str:
    done = subprocess.run([path, "-V"], capture_output=True, timeout=30, check=False)
    return done.stderr.decode("utf-8", "replace").strip()
