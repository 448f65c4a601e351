"""The fast path's two readers side by side (eaf.load.fast): CPU seconds to read every file of
a model into plain values, by the compiled reader (eaf/load/_compose.c), by rapidyaml behind
its gates, and by the composer (the reference; --composer, slow), each over the same bytes in
this process, with the collector off (as eaf runs them). Best of --repeat runs.

    python benchmarks/fast_readers.py benchmarks/out/m100000 [--repeat 3] [--composer]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eaf.load import fast
from eaf.load.yaml import Limits, parse_bytes

LIMITS = Limits()


def _compiled(raw: bytes) -> Any:
    return fast.parse_fast(raw, LIMITS)


def _rapidyaml(raw: bytes) -> Any:
    saved, fast._compiled = fast._compiled, None
    try:
        return fast.parse_fast(raw, LIMITS)
    finally:
        fast._compiled = saved


def _composer(raw: bytes) -> Any:
    return parse_bytes(raw, "m.yaml", limits=LIMITS, fast=False)[0]


def _best(read: Callable[[bytes], Any], raws: list[bytes], repeat: int) -> tuple[float, int]:
    best, taken = float("inf"), 0
    for _ in range(repeat):
        began = time.process_time()
        results = [read(raw) for raw in raws]
        best = min(best, time.process_time() - began)
        taken = sum(r is not None for r in results)
        del results
    return best, taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="a folder holding models/**/*.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--composer", action="store_true", help="also time the composer")
    args = parser.parse_args()
    raws = [p.read_bytes() for p in sorted((args.model / "models").rglob("*.yaml"))]
    megabytes = sum(map(len, raws)) / 1e6
    built = fast._compiled is not None
    print(f"{len(raws)} files, {megabytes:.1f} MB; the compiled reader is built: {built}")
    fast.gates()  # compiled once, outside the timings
    gc.disable()
    readers = [("compiled reader (then rapidyaml)", _compiled), ("rapidyaml and gates", _rapidyaml)]
    if args.composer:
        readers.append(("composer", _composer))
    for name, read in readers:
        seconds, taken = _best(read, raws, args.repeat)
        print(f"{name:34} {seconds:7.3f} s CPU  {megabytes / seconds:6.1f} MB/s  took {taken}")


if __name__ == "__main__":
    main()
