"""Work done beside this process (eaf.pipeline.beside): the result is the function's whether a
forked child computes it or, when the child cannot, this process does."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from eaf.cache import Cache
from eaf.config import load_config
from eaf.diagnostics import to_plain
from eaf.pipeline import incremental
from eaf.pipeline.beside import Beside
from eaf.pipeline.load import read_sources

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
REPO = Path(__file__).resolve().parent.parent


def where() -> dict[str, object]:
    return {"pid": os.getpid(), "data": [1, "một", (2.5, None)]}


@needs_fork
def test_a_forked_child_computes_the_result() -> None:
    found = Beside(where).result()
    assert found["data"] == [1, "một", (2.5, None)]
    assert found["pid"] != os.getpid()


@needs_fork
def test_a_child_that_fails_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def fails_in_a_child() -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return 42

    assert Beside(fails_in_a_child).result() == 42


@needs_fork
def test_a_result_that_is_not_plain_data_is_computed_here() -> None:
    parent = os.getpid()

    def unplain() -> object:
        return {"ok": True} if os.getpid() == parent else {"callable": print}

    assert Beside(unplain).result() == {"ok": True}


@needs_fork
def test_a_child_killed_midway_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def killed() -> str:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return "here"

    assert Beside(killed).result() == "here"


@needs_fork
def test_a_child_whose_result_is_not_asked_for_is_ended() -> None:
    """The caller met an error before asking: the child is killed and reaped, its pipe closed."""
    stop = threading.Event()

    def forever() -> None:
        stop.wait()

    with pytest.raises(RuntimeError), Beside(forever) as beside:
        pid, fd = beside.pid, beside.fd
        assert pid is not None
        raise RuntimeError("the caller's error")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
    with pytest.raises(OSError):
        os.fstat(fd)


def test_nothing_is_forked_when_asked_not_to() -> None:
    assert Beside(where, fork=False).result()["pid"] == os.getpid()


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert Beside(where).result()["pid"] == os.getpid()
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_a_cold_run_is_the_same_with_and_without_the_child(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The state a cold run leaves (summaries made in a child) equals the state made here."""
    config = load_config(REPO)
    sources = read_sources(config, config.models)
    monkeypatch.setattr(incremental, "BESIDE_FROM", 0)
    parent, summaries = os.getpid(), incremental._summaries

    def in_the_child(*args: Any) -> Any:
        assert os.getpid() != parent, "the summaries were made here, not in the child"
        return summaries(*args)

    monkeypatch.setattr(incremental, "_summaries", in_the_child)
    forked = incremental.cold(config, sources, Cache(tmp_path / "a"))
    monkeypatch.setattr(incremental, "_summaries", summaries)
    monkeypatch.delattr(os, "fork")
    here = incremental.cold(config, sources, Cache(tmp_path / "b"))
    assert forked[1] == here[1]
    assert [to_plain(d) for d in forked[0][0]] == [to_plain(d) for d in here[0][0]]
    assert forked[0][1:] == here[0][1:]
