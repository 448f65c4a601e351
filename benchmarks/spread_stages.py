"""Where a cold `eaf validate` spread over two workers (eaf.pipeline.spread) spends its time:
per worker, the CPU seconds of each stage (parse, type, summarise, node rows, projections,
selectors, summaries' keys and their writes) and its page faults (fresh memory); in the main
process, the wall clock at the start and the length of each of its stages. One run,
in-process, the cache removed first.

    cd benchmarks/out/m100000 && python ../../spread_stages.py
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

START = time.time()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import eaf.pipeline.incremental as incremental  # noqa: E402
import eaf.pipeline.spread as spread  # noqa: E402
from eaf.cache import Cache  # noqa: E402
from eaf.cli.main import main  # noqa: E402

CPU: dict[str, float] = {}  # a worker's CPU seconds by stage (each worker has its own copy)


def _cpu(module: Any, name: str) -> None:
    """Counts the CPU time of every call of module.name (in whichever process calls it)."""
    inner = getattr(module, name)

    @functools.wraps(inner)
    def counted(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            CPU[name] = CPU.get(name, 0.0) + time.process_time() - began

    setattr(module, name, counted)


def _main_stage(name: str) -> None:
    inner = getattr(spread, name)

    @functools.wraps(inner)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.time()
        found = inner(*args, **kwargs)
        print(
            f"main  {name:18} from {began - START:6.3f} s for {time.time() - began:6.3f} s",
            file=sys.stderr,
        )
        return found

    setattr(spread, name, timed)


def _reporting(work: Callable[..., None]) -> Callable[..., None]:
    def reported(*args: Any, **kwargs: Any) -> None:
        began = time.process_time()
        work(*args, **kwargs)
        total = time.process_time() - began
        stages = ", ".join(f"{k} {v:.3f}" for k, v in sorted(CPU.items(), key=lambda kv: -kv[1]))
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        print(
            f"worker {os.getpid()}: CPU {total:.3f} s, {faults} page faults; {stages}",
            file=sys.stderr,
        )

    return reported


def run() -> None:
    shutil.rmtree(Path("build") / ".cache", ignore_errors=True)
    for name in ("parse_bytes", "_gathered", "_evaluate"):
        _cpu(spread, name)
    for name in ("type_files", "summarise", "file_nodes", "projection", "blob_key"):
        _cpu(incremental, name)
    _cpu(Cache, "put_bytes")
    spread._work = _reporting(spread._work)  # type: ignore[assignment]
    for name in ("spread_cold", "_first_round", "_id_table", "_facts_checked", "_receive"):
        _main_stage(name)
    sys.argv = ["eaf", "validate"]
    with contextlib.suppress(SystemExit):
        main()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    print(
        f"end of the process at {time.time() - START:.3f} s, {faults} page faults", file=sys.stderr
    )


if __name__ == "__main__":
    run()
