"""Benchmark of `eaf validate` against a floor measured in the same run.

    python benchmarks/bench_validate.py [--sizes 1000,10000,100000] [--repeat 3]

For each size a synthetic model is generated (benchmarks/generate.py) into benchmarks/out/, then
each figure is the best of --repeat runs, each in a fresh process:

- floor: a process that reads every model file and parses it with rapidyaml, the fastest YAML
  parser installable here (no conversion to Python objects). `parse only` is the same parse
  timed inside that process, without interpreter start-up.
- cold: `eaf validate` with build/.cache removed.
- warm: `eaf validate` again, nothing changed (answered from the cache).
- one file: `eaf validate` after one model file was edited.
- peak RSS: the largest resident set of the eaf process over its runs.

Budgets (issue 2, at 100k elements): cold <= 5x floor, warm <= 1x, one file <= 1.5x, peak
memory <= 1 GB. The script reports; it exits non-zero only if eaf fails on a generated model.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

EAF = Path(sys.executable).parent / "eaf"
FLOOR = """
import sys, time, glob, ryml
files = sorted(glob.glob("models/**/*.yaml", recursive=True))
start = time.perf_counter()
for name in files:
    with open(name, "rb") as handle:
        ryml.parse_in_arena(handle.read())
print(time.perf_counter() - start)
"""
WRAP = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""
BUDGETS = {"cold": 5.0, "warm": 1.0, "one_file": 1.5}
TIMEOUT = 900


def measure(argv: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KB and exit code of one fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", WRAP, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    seconds, rss, code = done.stdout.split()
    return float(seconds), int(rss), int(code)


def floor(cwd: Path, repeat: int) -> tuple[float, float]:
    best_wall, best_parse = float("inf"), float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", FLOOR],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=True,
        )
        best_wall = min(best_wall, time.perf_counter() - start)
        best_parse = min(best_parse, float(done.stdout))
    return best_wall, best_parse


def bench(size: int, repeat: int) -> dict[str, float | int | str]:
    root = OUT / f"m{size}"
    stamp = root / ".generated"
    if not stamp.exists() or stamp.read_text() != str(size):
        generate(size, root)
        stamp.write_text(str(size))
    models = sorted((root / "models").rglob("*.yaml"))
    megabytes = sum(p.stat().st_size for p in models) / 1e6
    cache = root / "build" / ".cache"
    validate = [str(EAF), "validate"]
    row: dict[str, float | int | str] = {
        "size": size,
        "files": len(models),
        "mb": round(megabytes, 1),
    }
    row["floor"], row["parse_only"] = floor(root, repeat)
    peak = 0
    results: dict[str, float] = {}
    target = models[len(models) // 2]
    original = target.read_bytes()
    for label in ("cold", "warm", "one_file"):
        best = float("inf")
        for i in range(repeat):
            if label == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            elif label == "warm":
                measure(validate, root)  # make sure the cache is filled
            else:
                edited = original + f"# edit {i} {time.time_ns()}\n".encode()
                target.write_bytes(edited)
            try:
                seconds, rss, code = measure(validate, root)
            finally:
                if label == "one_file":
                    target.write_bytes(original)
            if code != 0:
                raise SystemExit(f"eaf validate exited {code} on {root}")
            best = min(best, seconds)
            peak = max(peak, rss)
        results[label] = best
    row.update(results)
    row["peak_mb"] = round(peak / 1024)
    return row


def report(rows: list[dict[str, float | int | str]]) -> None:
    head = (
        f"{'elements':>9} {'files':>6} {'MB':>6} {'floor':>7} {'parse':>7} "
        f"{'cold':>16} {'warm':>16} {'one file':>16} {'peak':>8}"
    )
    print(head)
    for r in rows:
        f = float(r["floor"])

        def cell(key: str, r: dict[str, float | int | str] = r, f: float = f) -> str:
            v = float(r[key])
            return f"{v:7.2f}s ({v / f:5.1f}x)"

        print(
            f"{r['size']:>9} {r['files']:>6} {r['mb']:>6} {f:6.2f}s {float(r['parse_only']):6.2f}s "
            f"{cell('cold'):>16} {cell('warm'):>16} {cell('one_file'):>16} {r['peak_mb']:>6}MB"
        )
    big = max(rows, key=lambda r: int(r["size"]))
    print(f"\nbudgets at {big['size']} elements (ratio to the floor process):")
    for key, limit in BUDGETS.items():
        ratio = float(big[key]) / float(big["floor"])
        print(
            f"  {key:<9} {ratio:5.1f}x  budget <= {limit}x  {'PASS' if ratio <= limit else 'MISS'}"
        )
    mem = int(big["peak_mb"])
    print(f"  {'memory':<9} {mem:5d}MB budget <= 1024MB {'PASS' if mem <= 1024 else 'MISS'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    rows = [bench(int(s), args.repeat) for s in args.sizes.split(",")]
    report(rows)
    (OUT / "results.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
