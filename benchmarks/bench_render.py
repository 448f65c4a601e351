"""Benchmark of `eaf render` on the shipped Bình Dương model: cold (empty layout cache), warm
(nothing changed) and after one model edit, each in a fresh process, best of --repeat.

    python benchmarks/bench_render.py [--repeat 3]

The floor is a process that lays out the same DOT files with `dot` directly, one after the
other (what a naive renderer would do on every run).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EAF = Path(sys.executable).parent / "eaf"


def run(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(REPO / "models", root / "models")
        shutil.copytree(REPO / "schemas", root / "schemas")
        (root / "eaf.toml").write_text("", encoding="utf-8")
        render = [str(EAF), "render"]
        cache = root / "build" / ".cache" / "layout"
        cold = warm = edit = float("inf")
        target = root / "models" / "systems" / "provincial.yaml"
        original = target.read_text(encoding="utf-8")
        for i in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold = min(cold, run(render, root))
            warm = min(warm, run(render, root))
            target.write_text(
                original.replace("Ra mắt ngày 19/04/2022", f"Ra mắt {i}"), encoding="utf-8"
            )
            edit = min(edit, run(render, root))
            target.write_text(original, encoding="utf-8")
            run(render, root)
        dots = sorted((root / "build" / "diagrams").rglob("*.dot"))
        start = time.perf_counter()
        for dot in dots:
            subprocess.run(["dot", "-Tsvg", str(dot), "-o", "/dev/null"], check=True, timeout=120)
        floor = time.perf_counter() - start
    print(f"views: {len(dots)}")
    print(f"floor (dot on every view, one at a time): {floor:6.2f}s")
    print(f"cold  (no layout cache, parallel):         {cold:6.2f}s  ({cold / floor:4.2f}x floor)")
    print(f"warm  (nothing changed):                   {warm:6.2f}s  ({warm / floor:4.2f}x floor)")
    print(f"one model edit:                            {edit:6.2f}s  ({edit / floor:4.2f}x floor)")


if __name__ == "__main__":
    main()
