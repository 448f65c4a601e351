"""Benchmark of the reviewers' site on the shipped Bình Dương model, in a copy of the project,
each figure as a ratio to a plain `mkdocs build` of the same generated Markdown (the same
theme, eaf's theme layer, search and Markdown extensions, no eaf plugin) measured in the same
run, so a busy machine slows both alike. Best of --repeat:

- plain:   `mkdocs build` of the pages eaf generated, written to a folder;
- cold:    `eaf site build` with no previous site and nothing cached but the diagrams' layouts
           (as after `eaf render`; `cold, no cache at all` also lays them out);
- edit:    `eaf site build` again after a one-line model edit (a system's description);
- serve:   the same edit under `eaf site serve`: the rebuild's time as it prints it.

    python benchmarks/bench_site.py [--repeat 2] [--no-serve]

Budgets (issue 13, a quiet 2-core machine): one-edit rebuild <= 2 s and <= 0.25x plain;
cold <= 1.3x plain (judged on wall time). The CPU time of each command is printed beside it
with its ratio, and the load average: on a busy machine the CPU ratios say more.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EAF = Path(sys.executable).parent / "eaf"
# Installed Python packages carry their bytecode; eaf's would be compiled on every run if the
# environment forbids writing it, which no user's installation does (as bench_validate.py).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
}
EDITED = Path("models") / "systems" / "provincial.yaml"
BEFORE = "Ra mắt ngày 19/04/2022"


#: The CPU time (user and system) of each measured command, best of the runs: on a busy
#: machine the wall time of both sides grows, their CPU time much less.
CPU: dict[str, float] = {}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], cwd: Path, name: str = "") -> tuple[float, str]:
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=1800, check=False, env=ENV
    )
    took = time.perf_counter() - start
    if name:
        CPU[name] = min(CPU.get(name, float("inf")), _cpu() - cpu)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return took, done.stderr


def site_build(root: Path, name: str = "") -> tuple[float, str]:
    took, said = timed([str(EAF), "site", "build"], root, name)
    rendered = re.search(r"(\d+ of \d+) pages rendered", said)
    return took, rendered.group(1) if rendered else "?"


def plain_project(root: Path) -> Path:
    """The pages eaf generates, written to a folder with the hand-written ones, and a
    mkdocs.yml like the project's with eaf's theme layer but without the eaf plugin."""
    from eaf.config import load_config
    from eaf.pipeline import site_pages
    from eaf.site.theme import EXTRA_CSS, EXTRA_JAVASCRIPT, THEME_DIR

    docs = root / "plain-docs"
    shutil.copytree(root / "site", docs)
    for path, text in site_pages(load_config(root)).items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: site", "docs_dir: plain-docs")
    config = config.replace("site_dir: build/site", "site_dir: build/plain-site")
    config = re.sub(r"^  - eaf\n", "", config, flags=re.M)
    config = config.replace("theme:\n", f"theme:\n  custom_dir: {THEME_DIR}\n", 1)
    extras = "".join(f"  - {a}\n" for a in EXTRA_CSS)
    scripts = "".join(f"  - {a}\n" for a in EXTRA_JAVASCRIPT)
    config += f"extra_css:\n{extras}extra_javascript:\n{scripts}"
    (root / "plain.yml").write_text(config, encoding="utf-8")
    return root / "plain.yml"


def serve_rebuild(root: Path, target: Path, original: str, i: int) -> float | None:
    """The one-edit rebuild under `eaf site serve`, as it prints it; None if it never came."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = root / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(EAF), "site", "serve", "--port", str(port)],
            cwd=root,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
    try:
        if not _wait(log, r"eaf: built \d+ pages"):
            return None
        time.sleep(2)
        target.write_text(original.replace(BEFORE, f"Ra mắt (serve {i})"), encoding="utf-8")
        found = _wait(log, r"eaf: rebuilt \d+ of \d+ pages in (\d+\.\d) s")
        return float(found.group(1)) if found else None
    finally:
        target.write_text(original, encoding="utf-8")
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait(log: Path, pattern: str) -> re.Match[str] | None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text(encoding="utf-8"))
        if found:
            return found
        time.sleep(0.2)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve rebuild")
    args = parser.parse_args()
    best: dict[str, float] = {}

    def keep(name: str, took: float | None) -> None:
        if took is not None:
            best[name] = min(best.get(name, float("inf")), took)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for name in ("models", "site"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root)
        (root / "eaf.toml").write_text("", encoding="utf-8")
        target = root / EDITED
        original = target.read_text(encoding="utf-8")
        load = os.getloadavg()[0]
        keep("cold, no cache at all", site_build(root, "cold, no cache at all")[0])
        plain = plain_project(root)
        rendered = "?"
        for i in range(args.repeat):
            shutil.rmtree(root / "build" / "plain-site", ignore_errors=True)
            keep(
                "plain",
                timed(
                    [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain)], root, "plain"
                )[0],
            )
            shutil.rmtree(root / "build" / "site", ignore_errors=True)
            for bucket in ("page", "drawing", "view"):  # of the cache, only laid-out diagrams stay
                shutil.rmtree(root / "build" / ".cache" / bucket, ignore_errors=True)
            keep("cold", site_build(root, "cold")[0])
            target.write_text(original.replace(BEFORE, f"Ra mắt {i}"), encoding="utf-8")
            took, rendered = site_build(root, "edit")
            keep("edit", took)
            target.write_text(original, encoding="utf-8")
            site_build(root)
            if not args.no_serve:
                keep("serve", serve_rebuild(root, target, original, i))
        pages = sum(1 for _ in (root / "build" / "site").rglob("*.html"))
    plain_s = best["plain"]
    loads = f"{load:.1f} before, {os.getloadavg()[0]:.1f} after"
    print(f"pages: {pages}; one edit renders {rendered} pages; load average {loads}")
    print(f"{'':40} {'wall':>8}  {'ratio':>6}  {'CPU':>8}  {'ratio':>6}")
    print(f"{'plain mkdocs build of the same Markdown':40} {plain_s:6.2f} s  {1:5.2f}x  ", end="")
    print(f"{CPU['plain']:6.2f} s  {1:5.2f}x")

    def line(label: str, name: str, budget: str, ok: bool | None) -> None:
        if name not in best:
            print(f"{label:40} (not measured)")
            return
        verdict = "" if ok is None else ("PASS" if ok else "MISS")
        ratio = best[name] / plain_s
        cpu = (
            f"{CPU[name]:6.2f} s  {CPU[name] / CPU['plain']:5.2f}x"
            if name in CPU
            else f"{'':8}  {'':6}"
        )
        print(f"{label:40} {best[name]:6.2f} s  {ratio:5.2f}x  {cpu}  {budget:28} {verdict}")

    cold, edit = best["cold"], best["edit"]
    line("cold eaf site build", "cold", "budget <= 1.3x", cold <= 1.3 * plain_s)
    line("cold, no cache at all (dot runs)", "cold, no cache at all", "", None)
    line(
        "one-edit rebuild, eaf site build",
        "edit",
        "budget <= 2 s and <= 0.25x",
        edit <= 2 and edit <= 0.25 * plain_s,
    )
    serve = best.get("serve")
    line(
        "one-edit rebuild, eaf site serve",
        "serve",
        "budget <= 2 s and <= 0.25x",
        None if serve is None else serve <= 2 and serve <= 0.25 * plain_s,
    )


if __name__ == "__main__":
    main()
