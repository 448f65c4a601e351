"""The site's drawings kept by the view they draw (eaf.pipeline.site.drawn): a view whose
drawing comes from the cache gets exactly what drawing it anew would give, a description edit
changes the key of every view that shows the element (and their drawings get the new text),
and a drawing whose tooltips are put back into the cleaned drawing with tokens
(eaf.render.tooltips.unmask_drawing) is the cleaned drawing of the whole SVG."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from markers import needs_dot
from test_tooltips import TRICKY, dot_of

from eaf.cache import Cache
from eaf.config import load_config
from eaf.pipeline.load import load_project
from eaf.pipeline.site import VIEW_BUCKET, drawn, view_key
from eaf.render.dot import DotOptions
from eaf.render.graphviz import DotCli
from eaf.render.run import Planned, lay_out, plan_views
from eaf.render.tooltips import mask, unmask_drawing, written_tips
from eaf.site import safe
from eaf.views import ComputedView

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "examples" / "tinh-mau"
PORTAL = "    name: Cổng dịch vụ công tỉnh Mẫu\n"
DESCRIBED = PORTAL + '    description: Cổng một cửa & <b>mới</b> "hôm nay"\n'
OPTIONS = DotOptions(link_prefix="@@ROOT@@elements/", link_suffix=".html")


def planned_views(root: Path) -> list[Planned]:
    project = load_project(load_config(root), scope_edges=False)
    assert project.model is not None
    views, _ = plan_views(project.model, project.graph, options=OPTIONS)
    return views


def drawn_anew(views: list[Planned], cache: Cache) -> tuple[dict[str, bytes], dict[str, str]]:
    """Each view written as DOT, laid out and cleaned, as the site did before `drawn`."""
    runner = DotCli()
    svgs = {
        layout.job.stem: layout.data
        for layout in lay_out([v.job() for v in views], "svg", cache, runner)
        if layout.data is not None
    }
    return svgs, {stem: safe.drawing(data) for stem, data in svgs.items()}


@needs_dot
def test_drawings_from_the_cache_are_those_drawn_anew(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(STARTER, root, ignore=shutil.ignore_patterns("build"))
    layouts = Cache(tmp_path / "layouts")  # Graphviz's own bytes: shared to save its runs
    kept = Cache(tmp_path / "kept")
    views = planned_views(root)
    want = drawn_anew(views, layouts)
    shutil.copytree(tmp_path / "layouts", tmp_path / "kept")
    first = drawn(views, kept, DotCli())
    assert first == want
    assert len(list((tmp_path / "kept" / VIEW_BUCKET).rglob("*"))) > len(views)
    again = drawn(views, kept, DotCli())  # every view from the `view` bucket
    assert again == want
    # A description edit: the views showing the portal are drawn again, the rest are kept.
    model = root / "models" / "model.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(PORTAL, DESCRIBED, 1))
    edited = planned_views(root)
    version = DotCli().version()
    before = {v.stem: view_key(v, version) for v in views}
    changed = {v.stem for v in edited if view_key(v, version) != before.get(v.stem)}
    showing = {v.stem for v in edited if any(n.element == "cong-dvc-mau" for n in v.view.nodes)}
    assert changed == showing and "context/cong-dvc-mau" in changed
    got = drawn(edited, kept, DotCli())
    assert got == drawn_anew(edited, layouts)
    assert all("&lt;b&gt;mới&lt;/b&gt;" in got[1][stem] for stem in changed)


@needs_dot
@pytest.mark.parametrize("tips", [TRICKY, [t + " (sửa)" for t in reversed(TRICKY)]])
def test_tooltips_put_back_into_the_cleaned_drawing_are_the_whole_svg_cleaned(
    tmp_path: Path, tips: list[str]
) -> None:
    runner, cache = DotCli(), Cache(tmp_path)
    dot = dot_of(tips)
    masked = mask(dot)
    assert masked is not None
    written = written_tips(masked.tips, cache, runner, runner.version())
    with_marks = safe.drawing(runner.render(masked.dot, "svg"))
    assert unmask_drawing(with_marks, masked.tips, written) == safe.drawing(
        runner.render(dot, "svg")
    )


def test_a_drawing_is_not_put_back_when_a_token_is_unsure() -> None:
    written = {"a": b"A &amp; B", "empty": b""}
    cleaned = '<svg><g><title>EAFTIP0_</title><a aria-label="EAFTIP0_" /></g></svg>'
    assert unmask_drawing(cleaned, ("a",), written) == (
        '<svg><g><title>A &amp; B</title><a aria-label="A &amp; B" /></g></svg>'
    )
    assert unmask_drawing(cleaned, ("b",), written) is None  # a tooltip never asked about
    assert unmask_drawing(cleaned, ("empty",), written) is None  # cleaning drops its title
    assert unmask_drawing(cleaned.replace("EAFTIP0_", "EAFTIP1_"), ("a",), written) is None
    elsewhere = cleaned.replace("<svg>", '<svg><text x="EAFTIP0_y">EAFTIP0_ z</text>')
    assert unmask_drawing(elsewhere, ("a",), written) is None


def test_a_view_linked_through_a_function_is_not_kept() -> None:
    view = Planned(
        "v",
        ComputedView("v", "Sơ đồ", "LR", (), ()),
        replace(OPTIONS, link_to=lambda element: element),
    )
    assert view_key(view, "dot 2.43") is None
    assert view_key(replace(view, options=OPTIONS), None) is None  # no Graphviz: no key
    assert view_key(replace(view, options=OPTIONS), "dot 2.43") != view_key(
        replace(view, options=OPTIONS), "dot 9"
    )
