"""The cold run spread over two workers (eaf.pipeline.spread) gives exactly what the one-process
cold run gives: the same diagnostics (as JSON), counts and files, over the shipped models, the
examples, every case of the bad-input corpus and random edit sequences; the runs patched from the
state it leaves match cold runs too; and where it cannot answer (a file that fails to load, an
id defined twice, a selector that walks the graph, a worker that dies) the one-process run does.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_incremental import _calls, _edit

from eaf.cache import Cache
from eaf.config import load_config
from eaf.diagnostics import to_plain
from eaf.pipeline import incremental, spread
from eaf.pipeline.load import read_sources, validate_project

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(
    p for p in (ROOT / "tests" / "cases").glob("*/*") if p.is_dir() and not (p / "make.py").exists()
)
PROJECTS = [ROOT, ROOT / "examples" / "hai-cap", ROOT / "examples" / "tinh-mau", *CASES]


def _answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each spread_cold call while the test runs: whether it answered (None: it could not)."""
    return _calls(monkeypatch, "spread_cold", spread)


def _outcome(root: Path, *, use_cache: bool = False) -> tuple[object, ...]:
    report = validate_project(load_config(root), use_cache=use_cache)
    return [to_plain(d) for d in report.diagnostics], report.stats, report.files, report.ok


def _both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The outcome of a cold run spread over the workers, and of the one-process cold run."""
    with monkeypatch.context() as m:
        m.setattr(spread, "SPREAD_FROM", 0)
        spread_out = _outcome(root)
    with monkeypatch.context() as m:
        m.setattr(spread, "SPREAD_FROM", 1 << 62)
        one_out = _outcome(root)
    return spread_out, one_out


def _project(root: Path, files: dict[str, str]) -> Path:
    """A project at `root` (an empty eaf.toml) with these model files."""
    (root / "eaf.toml").write_text("", encoding="utf-8")
    (root / "models").mkdir()
    for name, text in files.items():
        (root / "models" / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_spread_matches_the_one_process_run(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "p"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build", ".git", ".venv", "site"))
    spread_out, one_out = _both(copy, monkeypatch)
    assert spread_out == one_out


def test_the_shipped_model_is_answered_by_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped model (successors, frameworks, statistics codes, scopes) takes the path."""
    answers = _answers(monkeypatch)
    state = _state(ROOT, 0)
    assert answers == [True]
    assert state["ok"] and sum(e["count"] for e in state["files"].values()) > 100
    # The state an edit is checked from is the one the one-process run leaves.
    assert state == _state(ROOT, 1 << 62)


@pytest.mark.parametrize(
    ("case", "answered"),
    [
        # Unknown and wrong-kind references, scopes, cycles, selectors, invalid elements: found
        # by the workers' path itself (as the one-process run finds them), not by its fallback.
        ("r01-dangling-reference", True),
        ("r-wrong-kind", True),
        ("r-scope-exceptions", True),
        ("r-extends-cycle", True),
        ("r05-self-interconnection", True),
        ("s-selector-syntax", True),
        ("s-invalid-elements-still-checked", True),
        ("r-ref-to-invalid-element", True),
        # What it cannot answer goes to the one-process run.
        ("d05-id-in-two-files", False),
        ("r-reference-into-broken-file", False),
        ("d07-id-case", False),
    ],
)
def test_who_answers_a_case(
    case: str, answered: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = _answers(monkeypatch)
    copy = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "cases" / "invalid" / case, copy)
    spread_out, one_out = _both(copy, monkeypatch)
    assert answers == [answered]
    assert spread_out == one_out
    assert spread_out[0]  # the case's findings are there


FACTS = {
    "a.yaml": """\
organizations:
  - {id: tinh, name: Tỉnh Mẫu, level: province, type: tỉnh}
  - {id: xa-b, name: Xã B, level: commune, type: xã, parent: tinh, successors: [xa-c]}
  - {id: xa-c, name: Xã C, level: commune, type: xã, parent: tinh,
     successors: [{id: xa-d, share: partial}],
     lifecycle: {active: "2026-01-01", end_of_life: "2027-01-01"}}
  - {id: xa-d, name: Xã D, level: commune, type: xã, parent: tinh,
     lifecycle: {end_of_life: "2026-06-01"}, successors: [xa-c]}
  - {id: xa-e, name: Xã E, level: commune, type: xã, parent: tinh,
     lifecycle: {end_of_life: "2025-07-01"}, successors: [mc]}
  - {id: xa-f, name: Xã F, level: commune, type: xã, parent: tinh,
     lifecycle: {end_of_life: "2025-07-01"}, successors: [xa-g]}
  - {id: xa-g, name: Xã G, level: commune, type: xã, parent: tinh,
     lifecycle: {active: "2025-09-01"}}
  - {id: xa-h, name: Xã H, level: commune, type: xã, parent: tinh, statistics_code: "25001"}
  - {id: xa-i, name: Xã I, level: commune, type: xã, parent: tinh, statistics_code: "25001",
     lifecycle: {active: "2020-01-01"}}
  - {id: xa-j, name: Xã J, level: commune, type: xã, parent: tinh, statistics_code: "25002",
     lifecycle: {end_of_life: "2025-07-01"}, successors: [xa-k]}
  - {id: xa-k, name: Xã K, level: commune, type: xã, parent: tinh, statistics_code: "25002",
     lifecycle: {active: "2025-07-01"}}
  - {id: xa-l, name: Xã L, level: commune, type: xã, parent: tinh, statistics_code: "25003",
     changes: [{date: "2026-01-01", set: {statistics_code: "25004"}}]}
  - {id: xa-m, name: Xã M, level: commune, type: xã, parent: tinh, statistics_code: "25004"}
channels:
  - {id: mc, name: Một cửa, type: counter}
""",
    "khung.yaml": """\
frameworks:
  - id: khung-2-0
    name: Khung 2.0
    version: "2.0"
    legal_basis: QĐ 2323/QĐ-BTTTT
    lifecycle: {active: "2019-12-31", end_of_life: "2023-12-29"}
rules:
  - id: r-cu
    name: Quy tắc cũ
    type: field
    frameworks: [khung-2-0]
    applies_to: kind:service
    require: online_level>=3
    legal_basis: QĐ 2323/QĐ-BTTTT
    lifecycle: {active: "2024-01-01"}
""",
}


def test_the_facts_checks_over_the_elements_they_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Successors of another kind, with no end, not there in time (one with only a lifecycle,
    one with nothing the checks read), a succession cycle, statistics codes held twice (as
    written, and from the day a dated change sets one; a code passed on to a successor is
    not) and a rule outside its framework: each found by the workers' path, as by the
    one-process run."""
    _project(tmp_path, FACTS)
    answers = _answers(monkeypatch)
    spread_out, one_out = _both(tmp_path, monkeypatch)
    assert answers == [True]
    assert spread_out == one_out
    found = {d[0] for d in spread_out[0]}  # type: ignore[index]
    assert found >= {"EAF305", "EAF309", "EAF310", "EAF311", "EAF312", "EAF315"}
    clashes = [d[2] for d in spread_out[0] if d[0] == "EAF312"]  # type: ignore[index]
    assert len(clashes) == 2 and not any("xa-k" in m for m in clashes), clashes


def test_a_selector_that_walks_the_graph_goes_to_the_one_process_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(
        tmp_path,
        {
            "a.yaml": (
                "organizations:\n"
                "  - id: tinh\n    name: Tỉnh\n    type: tỉnh\n    level: province\n"
                "  - id: xa\n    name: Xã\n    type: xã\n    level: commune\n    parent: tinh\n"
                "systems:\n"
                "  - id: he-thong\n    name: Hệ thống\n    category: shared\n    owner: tinh\n"
                "    deployment:\n      - select: 'tinh+'\n"
            )
        },
    )
    answers = _answers(monkeypatch)
    spread_out, one_out = _both(tmp_path, monkeypatch)
    assert answers == [False]
    assert spread_out == one_out
    assert spread_out[0] == []  # a clean model: the selector's units are found, not guessed


def _dies_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def dies(*_: object, **__: object) -> None:
        raise MemoryError

    monkeypatch.setattr(spread, "_work", dies)


def _killed_before_the_second_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed (out of memory, say) after it sent its files: the parent's request to it fails."""
    first_round = spread._first_round

    def then_killed(workers: list[Any], *args: Any) -> object:
        got = first_round(workers, *args)
        pid, workers[0].pid = workers[0].pid, None
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return got

    monkeypatch.setattr(spread, "_first_round", then_killed)


@pytest.mark.parametrize("gone", [_dies_at_once, _killed_before_the_second_round])
def test_a_worker_that_does_not_finish_leaves_the_answer_to_the_one_process_run(
    gone: Callable[[pytest.MonkeyPatch], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = _answers(monkeypatch)
    gone(monkeypatch)
    spread_out, one_out = _both(ROOT, monkeypatch)
    assert answers == [False]
    assert spread_out == one_out


def test_the_fields_selectors_read_are_guessed_from_the_bytes(tmp_path: Path) -> None:
    _project(
        tmp_path,
        {
            "a.yaml": (
                "systems:\n"
                "  - id: a\n    deployment:\n      - select: kind:organization level:commune\n"
                "  - id: b\n    deployment: [{select: 'tag:x !parent:y', except: [z]}]\n"
                '  - id: c\n    offered_by:\n      - "select": "owner>=2 kind:system"\n'
            )
        },
    )
    config = load_config(tmp_path)
    guess = spread.guess_keys(read_sources(config, config.models))
    # Every field read is there ('tag' reads 'tags'); 'except' too, which is harmless.
    assert {"level", "tags", "parent", "owner"} <= set(guess)
    assert "kind" not in guess


def test_a_field_the_guess_missed_makes_the_rows_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A selector written with an escape ('level\\x3acommune' is 'level:commune'): its field is
    not seen in the bytes, and the workers make their rows again, with the same outcome."""
    _project(
        tmp_path,
        {
            "a.yaml": (
                "organizations:\n"
                "  - {id: tinh, name: Tỉnh, type: tỉnh, level: province}\n"
                "  - {id: xa, name: Xã, type: xã, level: commune, parent: tinh}\n"
                "systems:\n"
                "  - id: he-thong\n    name: Hệ thống\n    category: shared\n    owner: tinh\n"
                '    deployment:\n      - select: "level\\x3acommune"\n        except: [tinh]\n'
            )
        },
    )
    config = load_config(tmp_path)
    assert "level" not in spread.guess_keys(read_sources(config, config.models))
    answers = _answers(monkeypatch)
    spread_out, one_out = _both(tmp_path, monkeypatch)
    assert answers == [True]
    assert spread_out == one_out
    # The commune is selected (rows without 'level' would select nothing, EAF307): only the
    # exception of the province, which it does not select, is reported.
    assert [d[0] for d in spread_out[0]] == ["EAF308"]  # type: ignore[index]


def _state(root: Path, cut: int) -> dict[str, Any]:
    """The state a cold run leaves, spread over the workers from `cut` bytes; where each file's
    summary is stored left out (its key is made from its marshalled bytes, which differ with
    how the objects in it happen to be shared)."""
    config = load_config(root)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(spread, "SPREAD_FROM", cut)
        state = incremental.cold(config, read_sources(config, config.models), Cache(None))[1]
    for entry in state["files"].values():
        entry.pop("detail")
    return state


def test_the_state_is_the_one_process_runs(tmp_path: Path) -> None:
    """Findings kept in the state in the same order: two scope findings written in the file in
    the other order than their elements' ids."""
    _project(
        tmp_path,
        {
            "a.yaml": (
                "organizations:\n"
                "  - {id: tinh, name: T, level: province, type: tỉnh}\n"
                "systems:\n"
                "  - {id: zeta, name: Z, category: ioc,\n"
                '     deployment: [{select: "kind:organization,level:commune"}]}\n'
                "  - {id: alpha, name: A, category: ioc,\n"
                '     deployment: [{select: "kind:organization,level:district"}]}\n'
            )
        },
    )
    spread_state = _state(tmp_path, 0)
    assert len(spread_state["files"]["models/a.yaml"]["scopediags"]) == 2
    assert spread_state == _state(tmp_path, 1 << 62)


@pytest.mark.parametrize("seed", [4, 5])
def test_random_edits_spread_then_patched(
    generated: Path, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the generated model, one random edit: a cold run spread over the workers gives what
    the one-process run gives; then, from the state it left, a run patched after a second edit
    gives what a cold run gives."""
    answers = _answers(monkeypatch)
    rng = random.Random(seed)
    for attempt in range(6):
        root = tmp_path / str(attempt)
        shutil.copytree(generated, root)
        models = root / "models"
        originals = {
            p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in models.rglob("*.yaml")
        }
        done = [_edit(rng, models, originals)]
        spread_out, one_out = _both(root, monkeypatch)
        assert spread_out == one_out, done
        with monkeypatch.context() as m:
            m.setattr(spread, "SPREAD_FROM", 0)
            _outcome(root, use_cache=True)  # the state, from the workers when they can
            done.append(_edit(rng, models, originals))
            patched = _outcome(root, use_cache=True)
        with monkeypatch.context() as m:
            m.setattr(spread, "SPREAD_FROM", 1 << 62)
            assert patched == _outcome(root), done
    # The path under test answered most runs, not only the run it falls back to.
    assert sum(answers) >= 8, answers


def test_a_worker_on_a_slower_core_is_given_fewer_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files go one at a time to whichever worker is free: the one that takes longer over
    each (here the first to start, slowed down) looks at fewer, and the answer is the same."""
    looked = spread._looked
    claim = tmp_path / "slow"

    def recorded(*args: Any) -> Any:
        try:  # the first worker to look at a file claims the slow part
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            os.environ["EAF_TEST_SLOW"] = "1"  # in this worker alone (a forked copy)
        except FileExistsError:
            pass
        slow = os.environ.get("EAF_TEST_SLOW") == "1"
        if slow:
            time.sleep(0.05)
        with (tmp_path / ("slow.log" if slow else "fast.log")).open("a") as log:
            log.write("x")
        return looked(*args)

    answers = _answers(monkeypatch)
    monkeypatch.setattr(spread, "_looked", recorded)
    spread_out, one_out = _both(ROOT, monkeypatch)
    assert answers == [True] and spread_out == one_out
    slow = len((tmp_path / "slow.log").read_text())
    fast = len((tmp_path / "fast.log").read_text())
    files = len(read_sources(load_config(ROOT), ROOT / "models").files)
    assert slow + fast == files and slow < fast, (slow, fast)
