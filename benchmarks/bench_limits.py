"""Benchmark of the resource limits: how fast `eaf validate` rejects each bomb of the corpus
(alias bomb, deep nesting, a file over the size limit), in a fresh process, against the floor of
validating the corpus' minimal valid model the same way (start-up and imports included).

    python benchmarks/bench_limits.py [--repeat 5]

Target (RELIABILITY goal 9): each bomb rejected in under 1 s, i.e. a ratio of a few times the
floor, never growing with the bomb's nominal expansion.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
EAF = Path(sys.executable).parent / "eaf"
BOMBS = ["a03-alias-bomb", "l01-deep-nesting", "l-block-nesting-1100", "l03-file-too-large"]


def prepare(case: Path, into: Path) -> Path:
    """A project holding the case's files (large inputs are written by the case's make.py)."""
    shutil.copytree(case, into, ignore=shutil.ignore_patterns("expected.json", "make.py"))
    (into / "eaf.toml").touch()
    (into / "models").mkdir(exist_ok=True)
    maker = case / "make.py"
    if maker.is_file():
        spec = importlib.util.spec_from_file_location("make_case", maker)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.make(into)
    return into


def best(root: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [str(EAF), "validate", "--no-cache", "--format", "json"],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=120,
        )
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        floor = best(prepare(CASES / "valid" / "minimal", Path(tmp) / "floor"), args.repeat)
        print(f"floor (minimal valid model): {floor:.3f} s")
        for name in BOMBS:
            seconds = best(prepare(CASES / "invalid" / name, Path(tmp) / name), args.repeat)
            print(f"{name:24} {seconds:.3f} s  {seconds / floor:.2f}x floor")


if __name__ == "__main__":
    main()
