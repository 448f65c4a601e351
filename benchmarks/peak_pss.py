"""The memory a cold `eaf validate` takes with every process it starts: the sum of the
proportional set sizes (PSS, from /proc/<pid>/smaps_rollup) of eaf and its children, sampled
every 20 ms, at its peak. bench_validate.py reports the largest single process's peak RSS;
this counts the forked workers and the summaries' child too (Linux only).

    cd benchmarks/out/m100000 && python ../../peak_pss.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found += _tree(int(child))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    shutil.rmtree(Path("build") / ".cache", ignore_errors=True)
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    run = subprocess.Popen(
        [sys.executable, "-m", "eaf", "validate"], stdout=subprocess.DEVNULL, env=env
    )
    peak, processes = 0, 0
    while run.poll() is None:
        pids = _tree(run.pid)
        total = sum(_pss_kb(pid) for pid in pids)
        if total > peak:
            peak, processes = total, len(pids)
        time.sleep(0.02)
    print(f"peak PSS, summed: {peak // 1024} MB over {processes} processes")


if __name__ == "__main__":
    main()
