"""`eaf render` and `eaf site build` on the national model (benchmarks/national.py): time and
peak memory of each, in a fresh process, with a timeout.

    python benchmarks/bench_national.py [--timeout 900] [--only render,site]

The model is generated (or reused) in benchmarks/out/national/, with the repository's site/
and mkdocs.yml copied beside it. A command that does not finish within --timeout is killed
and reported as TIMEOUT with the time it was given; the report says what it was doing (the
last lines it printed). Results go to stdout and benchmarks/out/national-outputs.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench_validate  # noqa: E402
import national  # noqa: E402

ROOT = bench_validate.OUT / "national"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per command")
    parser.add_argument("--only", default="render,site", help="render, site or both")
    args = parser.parse_args()
    if not national.is_current(ROOT, 1):
        national.generate_national(ROOT, 1, force=True)
    for name in ("site",):
        if not (ROOT / name).exists():
            shutil.copytree(REPO / name, ROOT / name)
    shutil.copy(REPO / "mkdocs.yml", ROOT / "mkdocs.yml")
    eaf = bench_validate.eaf_command()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    commands = {"render": [*eaf, "render"], "site": [*eaf, "site", "build"]}
    rows = {}
    for name in [n.strip() for n in args.only.split(",") if n.strip()]:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
        run = bench_validate.wrapped(commands[name], ROOT, args.timeout)
        said = run.stdout + run.stderr
        views = re.search(r"(\d+) views:", said)
        pages = re.search(r"(\d+) of (\d+) pages rendered", said)
        rows[name] = {
            "views": int(views.group(1)) if views else None,
            "pages": int(pages.group(2)) if pages else None,
            "seconds": None if run.timeout else round(run.seconds, 2),
            "peak_mb": run.peak_mb,
            "cpu_seconds": round(run.cpu_seconds, 2),
            "rc": run.rc,
            "timeout": run.timeout,
            "tail": (run.stdout + run.stderr)[-1500:],
        }
        shown = "TIMEOUT" if run.timeout else f"{run.seconds:8.1f} s"
        label = " ".join(commands[name][len(eaf) :])
        print(
            f"eaf {label:<12} {shown:>10}  peak {run.peak_mb:6.0f} MB"
            f"  cpu {run.cpu_seconds:7.1f} s  exit {run.rc}"
            + (f"  views {rows[name]['views']}" if rows[name]["views"] is not None else "")
            + (f"  pages {rows[name]['pages']}" if rows[name]["pages"] is not None else ""),
            flush=True,
        )
        if run.timeout or run.rc != 0:
            print("  last output: " + rows[name]["tail"].strip().replace("\n", "\n    ")[-600:])
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = handle.read().split()[:3]
    print(f"load average: {' '.join(load)}")
    out = bench_validate.OUT / "national-outputs.json"
    out.write_text(json.dumps({"load": load, "runs": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
