"""The bad-input corpus: every case of tests/cases/{valid,invalid}/<name>/ gives its expected exit
code and exactly its expected (file, line, column, code, severity) diagnostics, with no traceback,
the same on every run.

A case holds an `eaf.toml`, a `models/` folder, `case.json` (description, extra args) and
`expected.json`; inputs that cannot be committed as text (BOMs, NUL bytes, 6 MB files, pipes,
links) are made by the case's `make.py` in a temporary copy. EAF_UPDATE_GOLDEN=1 rewrites
expected.json from eaf's output, to be reviewed before committing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eaf.cli import cli

CASES = Path(__file__).parent / "cases"
ALL = sorted(p for p in CASES.glob("*/*") if p.is_dir())
LINE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>error|warning|info)\[(?P<code>EAF\d{3})\] \S"
)


def prepare(case: Path, tmp_path: Path) -> Path:
    work = tmp_path / case.name
    shutil.copytree(
        case,
        work,
        ignore=shutil.ignore_patterns("expected.json", "case.json", "make.py", "__pycache__"),
    )
    (work / "models").mkdir(exist_ok=True)
    maker = case / "make.py"
    if maker.exists():
        spec = importlib.util.spec_from_file_location(f"make_{case.name.replace('-', '_')}", maker)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.make(work)
    return work


def run(work: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(work)
    return CliRunner().invoke(cli, args)


@pytest.mark.parametrize("case", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
    if case.name == "f03-unreadable" and os.geteuid() == 0:
        pytest.skip("root reads files of mode 000; f03-fifo and f03-dangling-link cover F03 here")
    work = prepare(case, tmp_path)
    args = ["validate", "--no-cache", *meta.get("args", [])]
    result = run(work, [*args, "--format", "json"], monkeypatch)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code != 4, output
    if result.exit_code == 2:
        found: list[dict[str, Any]] = []
    else:
        doc = json.loads(result.stdout)
        assert all(d["message"] and d["hint"] for d in doc["diagnostics"]), doc["diagnostics"]
        found = [
            {k: d[k] for k in ("file", "line", "column", "code", "severity")}
            for d in doc["diagnostics"]
        ]
    expected_path = case / "expected.json"
    if os.environ.get("EAF_UPDATE_GOLDEN"):
        expected_path.write_text(
            json.dumps(
                {"exit": result.exit_code, "diagnostics": found}, ensure_ascii=False, indent=1
            )
            + "\n",
            encoding="utf-8",
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert result.exit_code == expected["exit"], output
    assert found == expected["diagnostics"]
    if case.parent.name == "valid":
        assert result.exit_code == 0
    else:
        assert result.exit_code in (1, 2)

    # The same in text form, one located line per diagnostic, and identical on a second run.
    text = run(work, args, monkeypatch)
    located = [line for line in text.stdout.splitlines() if LINE.match(line)]
    assert len(located) == sum(1 for d in found if d["line"])
    assert run(work, args, monkeypatch).stdout == text.stdout


def test_python_tags_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = prepare(CASES / "invalid" / "a05-python-tag", tmp_path)
    run(work, ["validate", "--no-cache"], monkeypatch)
    assert not (work / "MARKER").exists()


def test_alias_bomb_is_rejected_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = prepare(CASES / "invalid" / "a03-alias-bomb", tmp_path)
    start = time.perf_counter()
    result = run(work, ["validate", "--no-cache"], monkeypatch)
    assert result.exit_code == 1
    assert time.perf_counter() - start < 1.0


def test_every_case_is_described() -> None:
    assert len(ALL) >= 60
    for case in ALL:
        meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
        assert meta["description"], case
        assert (case / "expected.json").exists(), case
