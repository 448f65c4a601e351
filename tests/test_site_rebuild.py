"""Rebuilding the site after model edits: every file an incremental `eaf site build` writes is
byte for byte what a build from nothing writes, whatever the edits (names, descriptions,
relations, scopes, dates, targets), and a page's diagrams kept out of its Markdown come back
as Markdown would have written them."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from markers import needs_dot
from reviewing import built_files

import eaf.cache
from eaf.cache import Cache, keep_in_memory
from eaf.site.mkdocs_plugin import EafPlugin

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "examples" / "tinh-mau"

#: One-line edits of the starter model a person makes: (what is written, what it becomes).
EDITS = [
    # a description, where there was none (every view showing the portal has it as a tooltip)
    (
        "    name: Cổng dịch vụ công tỉnh Mẫu\n",
        "    name: Cổng dịch vụ công tỉnh Mẫu\n    description: Cổng một cửa & <b>mới</b>\n",
    ),
    ("Phường Hòa Bình", "Phường Hòa Bình Mới"),  # a unit's name: pages, diagrams, search
    ("uses: [lgsp-mau]", "uses: []"),  # a relation removed
    ("except: [dc-an-phu]", "except: [dc-an-phu, sx-binh-an]"),  # a scope: coverage, gaps
    (
        '{date: "2024-06-01", set: {online_level: 4}}',
        '{date: "2025-03-01", set: {online_level: 4}}',
    ),
    ("target: 100, unit", "target: 90, unit"),  # a KPI's target
    ("name: Mục tiêu 2025", "name: Mục tiêu năm 2025"),  # a plateau's name
]


@needs_dot
def test_after_random_edits_the_rebuilt_site_is_a_cold_one(
    tmp_path: Path, site_builder: Callable[..., Path]
) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(STARTER, edited)
    site_builder(edited)
    model = edited / "models" / "model.yaml"
    order = random.Random(13).sample(EDITS, len(EDITS))
    # One edit, then two at once, then one more: each time against a build from nothing.
    for step, edits in enumerate((order[:1], order[1:3], order[3:4])):
        text = model.read_text(encoding="utf-8")
        for before, after in edits:
            assert before in text, before
            text = text.replace(before, after, 1)
        model.write_text(text, encoding="utf-8")
        got = built_files(site_builder(edited))
        cold = tmp_path / f"cold-{step}"
        shutil.copytree(edited, cold, ignore=shutil.ignore_patterns("build"))
        want = built_files(site_builder(cold))
        assert sorted(got) == sorted(want), edits
        assert [p for p in want if got[p] != want[p]] == [], edits
    # The site's name: every page, and the theme's own (404.html), shows it.
    config = edited / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: ", "site_name: Mới ", 1)
    )
    got = built_files(site_builder(edited))
    cold = tmp_path / "cold-name"
    shutil.copytree(edited, cold, ignore=shutil.ignore_patterns("build"))
    want = built_files(site_builder(cold))
    assert [p for p in want if got.get(p) != want[p]] == []
    assert "Mới".encode() in got["404.html"]


@needs_dot
def test_drawings_kept_out_of_markdown_and_search_change_no_byte(
    tmp_path: Path, site_builder: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markdown and the theme's search never read a diagram's drawing (eaf.site.mkdocs_plugin:
    a mark stands in its place): every page and the search index are what they are when
    they do."""
    sites = {}
    for aside in (True, False):
        monkeypatch.setattr(EafPlugin, "drawings_aside", aside)
        root = tmp_path / str(aside)
        shutil.copytree(STARTER, root)
        sites[aside] = built_files(site_builder(root))
    assert sorted(sites[True]) == sorted(sites[False])
    assert [p for p in sites[False] if sites[True][p] != sites[False][p]] == []
    pages = [p for p, data in sites[True].items() if b'class="eaf-diagram__canvas"><svg' in data]
    assert len(pages) > 10  # the element pages' context diagrams, the home page, the plateaus


@needs_dot
def test_a_process_that_keeps_memory_rebuilds_a_cold_site(
    tmp_path: Path, site_builder: Callable[..., Path]
) -> None:
    """What `eaf site serve` keeps between rebuilds (files typed, layouts, drawings: see
    eaf.cache.keep_in_memory) gives the site a build from nothing gives, edit after edit."""
    edited = tmp_path / "edited"
    shutil.copytree(STARTER, edited)
    model = edited / "models" / "model.yaml"
    keep_in_memory()
    try:
        site_builder(edited)
        for before, after in EDITS[:3]:
            text = model.read_text(encoding="utf-8")
            model.write_text(text.replace(before, after, 1), encoding="utf-8")
            got = built_files(site_builder(edited))
    finally:
        keep_in_memory(False)
    cold = tmp_path / "cold"
    shutil.copytree(edited, cold, ignore=shutil.ignore_patterns("build"))
    want = built_files(site_builder(cold))
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []


def test_memory_kept_is_of_content_addressed_entries_and_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    keep_in_memory()
    try:
        cache.put_bytes("layout", "k1", b"<svg/>")
        cache.put("page", "slot", {"keys": {}})  # a manifest changes: never kept in memory
        shutil.rmtree(tmp_path / "cache")
        assert cache.get_bytes("layout", "k1") == b"<svg/>"
        assert cache.get("page", "slot") is None
        monkeypatch.setattr(eaf.cache, "_MAX_KEPT", 2)
        cache.put_bytes("layout", "k2", b"2")
        cache.get_bytes("layout", "k1")  # used last: kept
        cache.put_bytes("layout", "k3", b"3")
        assert cache.recall("layout", "k2") is None  # the least recently used went
        assert cache.recall("layout", "k1") == b"<svg/>"
    finally:
        keep_in_memory(False)
    assert cache.recall("layout", "k1") is None  # memory off
