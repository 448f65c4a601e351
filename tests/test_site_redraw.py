"""Pages whose diagrams changed but not their text are redrawn, not rendered
(eaf.site.rebuild.redrawn): the new drawings put in the places of the old ones in the last
output are the very bytes a render writes, and wherever that is not sure the page is rendered."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from markers import needs_dot
from reviewing import built_files
from test_site_rebuild import EDITS, STARTER

from eaf.site import rebuild
from eaf.site.mkdocs_plugin import EafPlugin
from eaf.site.theme import THEME_DIR

PORTAL_PAGE = "elements/cong-dvc-mau.md"


def recording(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages each build redraws, in order."""
    redrawn: list[str] = []
    redraw = EafPlugin._redraw

    def record(self: EafPlugin, page: str, *args: object) -> bool:
        done: bool = redraw(self, page, *args)  # type: ignore[arg-type]
        if done:
            redrawn.append(page)
        return done

    monkeypatch.setattr(EafPlugin, "_redraw", record)
    return redrawn


def built_then_edited(
    tmp_path: Path, site_builder: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, list[str]]:
    """The starter project built once, then the portal's description edited (a tooltip in every
    diagram showing it): the project, its site, and the pages the next builds redraw."""
    edited = tmp_path / "edited"
    shutil.copytree(STARTER, edited)
    site = site_builder(edited)
    redrawn = recording(monkeypatch)
    model = edited / "models" / "model.yaml"
    before, after = EDITS[0]
    model.write_text(model.read_text(encoding="utf-8").replace(before, after, 1), "utf-8")
    return edited, site, redrawn


def cold_site(edited: Path, site_builder: Callable[..., Path], into: Path) -> dict[str, bytes]:
    shutil.copytree(edited, into, ignore=shutil.ignore_patterns("build"))
    return built_files(site_builder(into))


@needs_dot
def test_a_description_edit_redraws_the_pages_showing_it_and_renders_its_own(
    tmp_path: Path, site_builder: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    edited, _, redrawn = built_then_edited(tmp_path, site_builder, monkeypatch)
    got = built_files(site_builder(edited))
    want = cold_site(edited, site_builder, tmp_path / "cold")
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []
    assert redrawn and PORTAL_PAGE not in redrawn  # its own page's text changed: rendered
    tooltip = "Cổng một cửa &amp; &lt;b&gt;mới&lt;/b&gt;".encode()
    for page in redrawn:
        assert tooltip in got[page.removesuffix(".md") + ".html"], page
    # Nothing changed since: nothing is written again.
    redrawn.clear()
    assert built_files(site_builder(edited)) == got
    assert redrawn == []


@needs_dot
def test_a_page_changed_since_the_last_build_is_rendered_not_redrawn(
    tmp_path: Path, site_builder: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    edited, site, redrawn = built_then_edited(tmp_path, site_builder, monkeypatch)
    touched = site / "index.html"  # the home page's overall diagram shows the portal
    touched.write_bytes(touched.read_bytes().replace(b"<body", b"<body data-x", 1))
    got = built_files(site_builder(edited))
    assert "index.md" not in redrawn and redrawn  # rendered, from the model as it is
    want = cold_site(edited, site_builder, tmp_path / "cold")
    assert [p for p in want if got.get(p) != want[p]] == []


def manifest(text: str, slots: list[list[int]], old: bytes) -> rebuild.Manifest:
    return rebuild.Manifest(
        texts={"p.md": text}, slots={"p.md": slots}, outputs={"p.md": rebuild.digest(old)}
    )


def test_drawings_are_put_in_the_places_of_the_old_ones() -> None:
    old = "<html><div><svg>a</svg></div><p>ư</p><div><svg>bb</svg></div></html>"
    data = old.encode()
    slots = rebuild.slots_of(old, ["<svg>a</svg>", "<svg>bb</svg>"])
    assert slots is not None
    new = ["<svg>ccc</svg>", "<svg>đ</svg>"]
    done = rebuild.redrawn(manifest("t", slots, data), "p.md", "t", new, data)
    assert done is not None
    text, now = done[0].decode(), done[1]
    assert text == "<html><div><svg>ccc</svg></div><p>ư</p><div><svg>đ</svg></div></html>"
    assert [text[a:b] for a, b in now] == new


@pytest.mark.parametrize(
    ("text_key", "drawings", "old_extra"),
    [
        ("other", ["<svg>x</svg>"], ""),  # the page's text changed
        ("t", ["<svg>x</svg>", "<svg>y</svg>"], ""),  # another number of drawings
        ("t", ['<svg><title>a data-search-x="b"</title></svg>'], ""),  # what search takes out
        ("t", ["<svg><h1>x</h1></svg>"], ""),  # what the theme asks of a page's content
        ("t", ["<svg>x</svg>"], "<!-- edited by hand -->"),  # not the bytes the build wrote
    ],
)
def test_a_page_is_rendered_when_redrawing_it_is_not_sure(
    text_key: str, drawings: list[str], old_extra: str
) -> None:
    old = "<html><svg>a</svg></html>"
    slots = rebuild.slots_of(old, ["<svg>a</svg>"])
    assert slots is not None
    kept = manifest("t", slots, old.encode())
    written = (old + old_extra).encode()
    assert rebuild.redrawn(kept, "p.md", text_key, drawings, written) is None


def test_only_a_theme_that_puts_content_in_whole_has_pages_redrawn(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    assert rebuild.content_put_in_whole([THEME_DIR, *(Path(d) for d in config.theme.dirs)])
    (tmp_path / "main.html").write_text(
        "{{ page.content }}<meta content='{{ page.content | length }}'>", encoding="utf-8"
    )
    assert not rebuild.content_put_in_whole([tmp_path])


@needs_dot
def test_the_program_says_what_it_did_and_exits_with_its_code(tmp_path: Path) -> None:
    """`eaf site build` ends its process without taking the interpreter down (QuickExit):
    what it says through a pipe is all there, and its exit code is the command's."""
    import os
    import subprocess
    import sys

    root = tmp_path / "p"
    shutil.copytree(STARTER, root, ignore=shutil.ignore_patterns("build"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "eaf", "site", "build"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "pages rendered" in done.stderr and (root / "build" / "site" / "index.html").is_file()
    model = root / "models" / "model.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "\nsystems: oops\n", encoding="utf-8")
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "site build stopped: fix the errors above" in done.stderr
    assert "EAF" in done.stderr  # the model's diagnostics, each with its code
