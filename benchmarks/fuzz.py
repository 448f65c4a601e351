"""Fuzz eaf: mutated YAML through the loader and mutated models through the whole pipeline,
counting crashes (an exception escaping), hangs (an input taking more than --timeout seconds of
CPU time, or ten times that on the clock: on a busy machine the clock alone counts waiting) and
unlocated diagnostics (no place, or a place outside the file). All three must be 0.

    .venv/bin/python benchmarks/fuzz.py                                # 1,000,000 and 10,000
    .venv/bin/python benchmarks/fuzz.py --loader 20000 --models 200    # a quick look

Inputs are mutations of seeds (tests/fuzzing.py): the YAML test suite, the corpus' model files
and the shipped model; the whole-model mutations edit one file of models/ at a time. Each
worker process draws from random.Random(seed + worker), so a run is reproducible; the first
failures are written to benchmarks/out/fuzz/ with their seed and index. Exit 0 when all counts
are 0, 1 otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import REPO, check_loader, check_model, load_model, mutate, mutate_model, seeds

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "fuzz"
KEEP = 20  # failing inputs kept per worker


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang("cpu" if signum == signal.SIGPROF else "clock")


#: The clock's limit, as a multiple of the CPU time limit.
CLOCK_FACTOR = 10


def work(job: tuple[str, int, int, int, float]) -> dict[str, Any]:
    """Fuzz `count` inputs of `kind`; the counts and the first failing inputs."""
    kind, worker, count, seed, timeout = job
    rng = random.Random(seed + worker)
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    if kind == "loader":
        pool = seeds()
    else:
        model = load_model(REPO)
    counts = {"inputs": 0, "crashes": 0, "hangs": 0, "unlocated": 0}
    kept: list[dict[str, Any]] = []
    for index in range(count):
        if kind == "loader":
            raw = mutate(rng.choice(pool), rng, pool)
            files = {"m.yaml": raw}
        else:
            files = mutate_model(model, rng)
        signal.setitimer(signal.ITIMER_PROF, timeout)
        signal.setitimer(signal.ITIMER_REAL, timeout * CLOCK_FACTOR)
        outcome, detail = "ok", ""
        try:
            if kind == "loader":
                problems = check_loader(raw, track=index % 10 == 0)
            else:
                problems = check_model(model, files)
            if problems:
                outcome, detail = "unlocated", "\n".join(problems)
        except Hang as hang:
            limit = timeout if str(hang) == "cpu" else timeout * CLOCK_FACTOR
            outcome, detail = "hangs", f"longer than {limit:g} s ({hang} time)"
        except Exception:
            outcome, detail = "crashes", traceback.format_exc()
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
        counts["inputs"] += 1
        if outcome != "ok":
            counts[outcome] += 1
            if len(kept) < KEEP:
                changed = (
                    files
                    if kind == "loader"
                    else {k: v for k, v in files.items() if v != model.files.get(k)}
                )
                kept.append(
                    {
                        "worker": worker,
                        "index": index,
                        "outcome": outcome,
                        "detail": detail,
                        "files": changed,
                    }
                )
    return {"counts": counts, "kept": kept}


def campaign(kind: str, total: int, workers: int, seed: int, timeout: float) -> dict[str, int]:
    start = time.monotonic()
    chunks = [total // workers + (1 if w < total % workers else 0) for w in range(workers)]
    jobs = [(kind, w, n, seed, timeout) for w, n in enumerate(chunks) if n]
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        results = pool.map(work, jobs)
    counts = {"inputs": 0, "crashes": 0, "hangs": 0, "unlocated": 0}
    for r in results:
        for k, v in r["counts"].items():
            counts[k] += v
    kept = [k for r in results for k in r["kept"]]
    if kept:
        OUT.mkdir(parents=True, exist_ok=True)
        for k in kept:
            base = OUT / f"{kind}-s{seed}-w{k['worker']}-i{k['index']}"
            base.mkdir(exist_ok=True)
            (base / "outcome.txt").write_text(f"{k['outcome']}\n{k['detail']}\n", encoding="utf-8")
            for rel, raw in k["files"].items():
                target = base / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(raw)
    elapsed = time.monotonic() - start
    print(
        f"{kind:<7} inputs {counts['inputs']:>9,}  crashes {counts['crashes']}  hangs "
        f"{counts['hangs']}  unlocated {counts['unlocated']}  ({elapsed:,.0f} s, "
        f"{counts['inputs'] / max(elapsed, 1e-9):,.0f}/s)",
        flush=True,
    )
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loader", type=int, default=1_000_000, help="loader inputs")
    parser.add_argument("--models", type=int, default=10_000, help="whole-model mutations")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0, help="CPU seconds before a hang")
    args = parser.parse_args()
    failed = 0
    for kind, total in (("loader", args.loader), ("model", args.models)):
        if total:
            counts = campaign(kind, total, args.workers, args.seed, args.timeout)
            failed += counts["crashes"] + counts["hangs"] + counts["unlocated"]
    if failed:
        print(f"failing inputs written to {OUT.relative_to(HERE.parent)}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
