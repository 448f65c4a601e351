"""The cold run spread over two workers (eaf.pipeline.spread) gives exactly what the one-process
cold run gives: the same diagnostics (as JSON), counts and files, over the shipped models, the
examples, every case of the bad-input corpus and random edit sequences; the runs patched from the
state it leaves match cold runs too; and where it cannot answer (a file that fails to load, an
id defined twice, a selector that walks the graph, a worker that dies) the one-process run does.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_incremental import _edit

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
    calls: list[bool] = []
    original = spread.spread_cold

    def recording(*args: object) -> object:
        result = original(*args)  # type: ignore[arg-type]
        calls.append(result is not None)
        return result

    monkeypatch.setattr(spread, "spread_cold", recording)
    return calls


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
    config = load_config(ROOT)
    sources = read_sources(config, config.models)
    monkeypatch.setattr(spread, "SPREAD_FROM", 0)
    result, state = incremental.cold(config, sources, Cache(None))
    assert answers == [True]
    assert state["ok"] and result[1]["elements"] > 100
    # The state an edit is checked from is the one the one-process run leaves (but for where
    # each file's summary is stored: its key is made from its marshalled bytes, which differ
    # with how the objects in it happen to be shared).
    monkeypatch.setattr(spread, "SPREAD_FROM", 1 << 62)
    one = incremental.cold(config, sources, Cache(None))[1]
    for entries in (one["files"], state["files"]):
        for entry in entries.values():
            entry.pop("detail")
    assert one == state


@pytest.mark.parametrize(
    "case",
    [
        "r01-dangling-reference",
        "r-wrong-kind",
        "r-scope-exceptions",
        "r-extends-cycle",
        "r05-self-interconnection",
        "s-selector-syntax",
        "s-invalid-elements-still-checked",
        "r-ref-to-invalid-element",
    ],
)
def test_findings_about_the_whole_model_are_answered_by_the_workers(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown and wrong-kind references, scopes, cycles, selectors, invalid elements: found by
    the workers' path itself (compared with the one-process run above), not by its fallback."""
    answers = _answers(monkeypatch)
    copy = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "cases" / "invalid" / case, copy)
    spread_out, one_out = _both(copy, monkeypatch)
    assert answers == [True]
    assert spread_out == one_out
    assert spread_out[0]  # the case's findings are there


@pytest.mark.parametrize(
    "case", ["d05-id-in-two-files", "r-reference-into-broken-file", "d07-id-case"]
)
def test_what_the_workers_cannot_answer_goes_to_the_one_process_run(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = _answers(monkeypatch)
    copy = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "cases" / "invalid" / case, copy)
    spread_out, one_out = _both(copy, monkeypatch)
    assert answers == [False]
    assert spread_out == one_out


def test_a_selector_that_walks_the_graph_goes_to_the_one_process_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (tmp_path / "eaf.toml").write_text("", encoding="utf-8")
    (models / "a.yaml").write_text(
        "organizations:\n"
        "  - id: tinh\n    name: Tỉnh\n    type: tỉnh\n    level: province\n"
        "  - id: xa\n    name: Xã\n    type: xã\n    level: commune\n    parent: tinh\n"
        "systems:\n"
        "  - id: he-thong\n    name: Hệ thống\n    category: shared\n    owner: tinh\n"
        "    deployment:\n      - select: 'tinh+'\n",
        encoding="utf-8",
    )
    answers = _answers(monkeypatch)
    spread_out, one_out = _both(tmp_path, monkeypatch)
    assert answers == [False]
    assert spread_out == one_out
    assert spread_out[0] == []  # a clean model: the selector's units are found, not guessed


def test_a_worker_that_dies_leaves_the_answer_to_the_one_process_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def dies(*_: object) -> None:
        raise MemoryError

    answers = _answers(monkeypatch)
    monkeypatch.setattr(spread, "_work", dies)
    spread_out, one_out = _both(ROOT, monkeypatch)
    assert answers == [False]
    assert spread_out == one_out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            *("--elements", "300", "--files", "8", "--out", str(out)),
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("seed", [4, 5])
def test_random_edits_spread_then_patched(
    generated: Path, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the generated model, one random edit: a cold run spread over the workers gives what
    the one-process run gives; then, from the state it left, a run patched after a second edit
    gives what a cold run gives."""
    answers = _answers(monkeypatch)
    rng = random.Random(seed)
    for attempt in range(8):
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
