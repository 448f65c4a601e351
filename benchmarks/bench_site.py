"""Benchmark of `eaf site build` on the shipped Bình Dương model, in a copy of the project:
cold (no layout cache, no previous site) and after one model edit, best of --repeat.

    python benchmarks/bench_site.py [--repeat 2]

Budgets (issue 6, on this 2-core machine): cold <= 60 s, rebuild after one edit <= 10 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EAF = Path(sys.executable).parent / "eaf"


def run(cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [str(EAF), "site", "build"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if done.returncode != 0:
        raise SystemExit(f"eaf site build exited {done.returncode}:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for name in ("models", "site"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root)
        (root / "eaf.toml").write_text("", encoding="utf-8")
        target = root / "models" / "systems" / "provincial.yaml"
        original = target.read_text(encoding="utf-8")
        cold = edit = float("inf")
        for i in range(args.repeat):
            shutil.rmtree(root / "build", ignore_errors=True)
            cold = min(cold, run(root))
            target.write_text(
                original.replace("Ra mắt ngày 19/04/2022", f"Ra mắt {i}"), encoding="utf-8"
            )
            edit = min(edit, run(root))
            target.write_text(original, encoding="utf-8")
        pages = sum(1 for _ in (root / "build" / "site").rglob("*.html"))
    print(f"pages: {pages}")
    print(f"cold build:           {cold:6.2f}s  budget <= 60 s  {'PASS' if cold <= 60 else 'MISS'}")
    print(f"rebuild after 1 edit: {edit:6.2f}s  budget <= 10 s  {'PASS' if edit <= 10 else 'MISS'}")


if __name__ == "__main__":
    main()
