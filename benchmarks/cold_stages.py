"""Where a cold `eaf validate` spends its time, stage by stage, in the main process: the wall
clock and the main process's CPU clock at the start and end of each stage, and while it waits
for the summaries' child (eaf.pipeline.beside). One run, in-process, the cache removed first.

    cd benchmarks/out/m100000 && python ../../cold_stages.py
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

START = time.time()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import eaf.pipeline.incremental as incremental  # noqa: E402
from eaf.cli.main import main  # noqa: E402
from eaf.pipeline.beside import Beside  # noqa: E402

MARKS: list[tuple[str, float, float]] = []


def mark(name: str) -> None:
    MARKS.append((name, time.time() - START, time.process_time()))


def _timed(name: str) -> None:
    inner = getattr(incremental, name)

    @functools.wraps(inner)
    def timed(*args: Any, **kwargs: Any) -> Any:
        mark(f"{name} starts")
        found = inner(*args, **kwargs)
        mark(f"{name} ends")
        return found

    setattr(incremental, name, timed)


def _waited() -> None:
    inner = Beside.result

    def result(self: Beside) -> Any:
        mark("waiting for the child")
        found = inner(self)
        mark("the child's result read")
        return found

    Beside.result = result  # type: ignore[method-assign]


def run() -> None:
    shutil.rmtree(Path("build") / ".cache", ignore_errors=True)
    for name in ("cold", "resolve", "node_table", "check_scopes", "result_of"):
        _timed(name)
    _waited()
    mark("imported")
    sys.argv = ["eaf", "validate"]
    with contextlib.suppress(SystemExit):
        main()
    mark("end")
    print(f"{'stage':32} {'wall s':>7} {'main CPU s':>10}", file=sys.stderr)
    for name, wall, cpu in MARKS:
        print(f"{name:32} {wall:7.3f} {cpu:10.3f}", file=sys.stderr)


if __name__ == "__main__":
    run()
