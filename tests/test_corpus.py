"""The bad-input corpus (RELIABILITY.md section 2): every case tests/cases/{valid,invalid}/<name>/
gives its expected exit code and exactly its expected (file, line, column, code, severity)
diagnostics, in eaf's order, with no traceback, in both report formats, the same on every run.

A case holds an empty `eaf.toml`, a `models/` folder and `expected.json`:

    {"description": "one line, with its RELIABILITY id", "args": [...extra validate args],
     "exit": 1, "diagnostics": [{"file", "line", "column", "code", "severity"}, ...],
     "xfail": "why eaf is wrong today"}

`args` and `xfail` are optional. An `xfail` case records the *correct* expectation; it is marked
`xfail(strict=True)`, so it starts failing the day eaf is fixed and the mark must go. Inputs that
cannot be committed as text (BOMs, NUL bytes, UTF-16, CR line ends, 6 MB files, pipes, links, mode
000) are made by the case's `make.py`, whose `make(case_dir)` runs on a temporary copy of the case.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from eaf.cli import cli

CASES = Path(__file__).parent / "cases"
ALL = sorted(p for p in CASES.glob("*/*") if p.is_dir())
FIELDS = ("file", "line", "column", "code", "severity")
EXIT_USAGE = 2

# `path:line:col: severity[CODE] message`, or `path: severity[CODE] message` for a finding about a
# whole file or folder (unreadable, linked, ignored), which has no line.
LOCATED = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): "
    r"(?P<severity>error|warning|info)\[(?P<code>EAF\d{3})\] (?P<message>\S.*)$"
)
WHOLE_FILE = re.compile(
    r"^(?P<file>[^\s:]+): (?P<severity>error|warning|info)\[(?P<code>EAF\d{3})\] (?P<message>\S.*)$"
)
DETAIL = re.compile(r"^  (hint|see): \S")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings? \(\d+ elements? in \d+ files?\)$")

# A description starts with the id of its row of RELIABILITY.md section 2 ("D05 ..."), with
# "<class> extra" for a case the table does not list ("D extra: ...", or "D extra (D05): ..." for a
# variant of a row), or with "valid model". Every row about loading and validation has a case.
DESCRIPTION = re.compile(
    r"^(?:[A-Z]\d\d |[YDTALNSRF] extra(?: \([A-Z]\d\d(?:, [A-Z]\d\d)*\))?: |valid model: )\S"
)
ROWS = (
    "Y01 Y02 Y03 Y05 Y07 Y08",
    "D01 D02 D03 D04 D05 D07",
    "T01 T02 T03 T04 T05 T07 T09 T10 T11",
    "A01 A02 A03 A05 A07",
    "L01 L03 L04",
    "N01 N02 N05 N07 N09",
    "S01 S02 S03 S04 S06",
    "R01 R03 R04 R05",
    "F01 F02 F03 F05 F08",
)
REQUIRED = [row for line in ROWS for row in line.split()]


def expected_of(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return data


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def params() -> list[Any]:
    out = []
    for case in ALL:
        reason = expected_of(case).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, id=case_id(case), marks=marks))
    return out


def prepare(case: Path, tmp_path: Path) -> Path:
    """A working copy of the case, with the files its make.py creates."""
    work = tmp_path / case.name
    shutil.copytree(
        case, work, ignore=shutil.ignore_patterns("expected.json", "make.py", "__pycache__")
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


def run(work: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> Result:
    """`eaf <args>` in the case's folder. An exception escaping the command is an internal error
    (exit 4 from the real entry point) and fails the case whatever it expected."""
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"internal error in eaf {' '.join(args)}") from result.exception
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exit_code != 4, output
    return result


# Cases that make files or folders of mode 000, which root reads anyway.
MODE_000 = {
    "f03-unreadable": "f03-fifo, f03-dangling-link and f-symlink-loop cover unreadable files here",
    "f-unreadable-folder": "tests/test_config_discover_cache.py simulates an unreadable folder",
}


def skip_if_root_reads_everything(case: Path) -> None:
    if case.name in MODE_000 and os.geteuid() == 0:
        pytest.skip(f"running as root, which can read what has mode 000; {MODE_000[case.name]}")


def text_lines_from_json(diags: list[dict[str, Any]]) -> list[str]:
    """The first line each diagnostic must have in --format text, built from the JSON report."""
    lines = []
    for d in diags:
        where = d["file"] if d["line"] is None else f"{d['file']}:{d['line']}:{d['column']}"
        lines.append(f"{where}: {d['severity']}[{d['code']}] {d['message']}")
    return lines


def assert_ends_inside(work: Path, diags: list[dict[str, Any]]) -> None:
    """An end, where given, is not before its start and lies in the file: on one of its lines,
    at most one column past the line's last character (the end column is exclusive)."""
    for d in diags:
        if d["end_line"] is None:
            assert d["end_column"] is None, d
            continue
        assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"]), d
        text = (work / d["file"]).read_bytes().decode("utf-8-sig")
        lines = re.split(r"\r\n|\r|\n", text)
        assert d["end_line"] <= len(lines), d
        assert 1 <= d["end_column"] <= len(lines[d["end_line"] - 1]) + 1, d


@pytest.mark.parametrize("case", params())
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    skip_if_root_reads_everything(case)
    expected = expected_of(case)
    work = prepare(case, tmp_path)
    validate = ["validate", *expected.get("args", [])]

    # JSON, with a cold cache: the exit code and exactly the expected located codes, in order.
    first = run(work, [*validate, "--format", "json"], monkeypatch)
    assert first.exit_code == expected["exit"], first.stdout + first.stderr
    if expected["exit"] == EXIT_USAGE:
        assert first.stdout == ""
        assert "Error:" in first.stderr
        assert expected["diagnostics"] == []
        return
    doc = json.loads(first.stdout)
    assert doc["version"] == 1
    assert doc["ok"] is (expected["exit"] == 0)
    diags = doc["diagnostics"]
    found = [{k: d[k] for k in FIELDS} for d in diags]
    assert found == expected["diagnostics"]
    assert_ends_inside(work, diags)
    for d in diags:
        assert d["message"].strip(), d
        assert d["hint"], d
    assert doc["stats"]["errors"] == sum(d["severity"] == "error" for d in diags)
    assert doc["stats"]["warnings"] == sum(d["severity"] == "warning" for d in diags)

    # The same report again from the cache, and again without it: byte-identical.
    assert run(work, [*validate, "--format", "json"], monkeypatch).stdout == first.stdout
    uncached = run(work, [*validate, "--no-cache", "--format", "json"], monkeypatch)
    assert uncached.stdout == first.stdout

    # Text: one `path:line:col: severity[CODE] message` line per diagnostic, in the same order,
    # each followed only by its indented hint and related places; a summary line at the end.
    text = run(work, [*validate, "--format", "text"], monkeypatch)
    assert text.exit_code == expected["exit"]
    lines = text.stdout.splitlines()
    assert lines, "no summary line"
    assert SUMMARY.match(lines[-1]), lines[-1]
    heads = []
    for line in lines[:-1]:
        if DETAIL.match(line):
            continue
        match = LOCATED.match(line) or WHOLE_FILE.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        heads.append(line)
    assert heads == text_lines_from_json(diags)
    assert run(work, [*validate, "--no-cache"], monkeypatch).stdout == text.stdout


# Process-spawning events that loading a model must never raise (PEP 578 audit events).
SPAWN_EVENTS = frozenset(
    {
        "os.system",
        "os.exec",
        "os.spawn",
        "os.posix_spawn",
        "os.fork",
        "os.forkpty",
        "subprocess.Popen",
        "pty.spawn",
    }
)


class _SpawnAudit:
    """Records process-spawning audit events while active. A hook cannot be removed once added,
    so one hook is added for the session and only listens inside `watching()`."""

    installed = False
    active = False
    seen: list[str] = []  # noqa: RUF012 - one shared record for the session's single hook

    @classmethod
    def hook(cls, event: str, args: tuple[Any, ...]) -> None:
        if cls.active and event in SPAWN_EVENTS:
            cls.seen.append(f"{event}{args!r}"[:200])

    @classmethod
    def install(cls) -> None:
        if not cls.installed:
            sys.addaudithook(cls.hook)
            cls.installed = True


PYTHON_TAG_CASES = [
    c for c in ALL if any("!!python/" in p.read_text("utf-8") for p in c.rglob("*.yaml"))
]


@pytest.mark.parametrize("case", PYTHON_TAG_CASES, ids=case_id)
def test_python_tags_never_run(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A05: `!!python/object/apply:os.system ["touch MARKER"]` and friends are refused and spawn
    no process: no marker file appears and no spawning audit event fires."""
    assert len(PYTHON_TAG_CASES) >= 2
    work = prepare(case, tmp_path)
    _SpawnAudit.install()
    _SpawnAudit.seen.clear()
    _SpawnAudit.active = True
    try:
        result = run(work, ["validate", "--no-cache", "--format", "json"], monkeypatch)
    finally:
        _SpawnAudit.active = False
    assert result.exit_code == 1
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert "EAF106" in codes
    assert _SpawnAudit.seen == []
    assert not (work / "MARKER").exists()
    assert not list(tmp_path.rglob("MARKER"))


# The resource bombs are rejected exactly like every other case (test_case); how fast is
# measured by benchmarks/bench_limits.py, not asserted here: a busy CI machine would flake.


def test_lol_bomb_stays_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A03: the 9-level bomb is never expanded: peak Python allocation well under 100 MB."""
    work = prepare(CASES / "invalid" / "a03-alias-bomb", tmp_path)
    tracemalloc.start()
    try:
        result = run(work, ["validate", "--no-cache", "--format", "json"], monkeypatch)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert "EAF105" in codes


def test_crlf_reports_the_lines_of_its_lf_copy() -> None:
    """N07: the CRLF file and its LF copy have the same diagnostics at the same places."""
    diags = expected_of(CASES / "invalid" / "n07-crlf")["diagnostics"]
    crlf = [(d["line"], d["column"], d["code"]) for d in diags if d["file"].endswith("-crlf.yaml")]
    lf = [(d["line"], d["column"], d["code"]) for d in diags if d["file"].endswith("-lf.yaml")]
    assert crlf == lf
    assert crlf


def test_every_case_is_well_formed() -> None:
    assert len(ALL) >= 100
    for case in ALL:
        name = case_id(case)
        expected = expected_of(case)
        assert set(expected) <= {"description", "args", "exit", "diagnostics", "xfail"}, name
        description = expected["description"]
        assert description.strip() and "\n" not in description, name
        assert (case / "eaf.toml").read_text(encoding="utf-8") == "", name
        assert (case / "models").is_dir() or (case / "make.py").exists(), name
        assert expected["diagnostics"] == sorted(
            expected["diagnostics"],
            key=lambda d: (d["file"] or "", d["line"] or 0, d["column"] or 0, d["code"]),
        ), name
        for d in expected["diagnostics"]:
            assert list(d) == list(FIELDS), name
            assert re.fullmatch(r"EAF\d{3}", d["code"]), name
        errors = [d for d in expected["diagnostics"] if d["severity"] == "error"]
        if case.parent.name == "valid":
            assert expected["exit"] == 0 and not errors, name
        else:
            assert case.parent.name == "invalid", name
            assert expected["exit"] in (1, EXIT_USAGE), name
            assert expected["exit"] == EXIT_USAGE or expected["diagnostics"], name
        for path in case.rglob("*"):
            if path.is_file():
                assert path.stat().st_size < 50_000, path


def test_every_listed_row_has_a_case() -> None:
    """Each listed row has a case named by its id; each class has at least two further cases."""
    descriptions = [expected_of(c)["description"] for c in ALL]
    for description in descriptions:
        assert DESCRIPTION.match(description), description
    ids = {d.split()[0] for d in descriptions}
    missing = [row for row in REQUIRED if row not in ids]
    assert not missing, missing
    for letter in "YDTALNSRF":
        extra = [d for d in descriptions if d.startswith(f"{letter} extra")]
        assert len(extra) >= 2, (letter, extra)
