"""Views laid out without their tooltips (eaf.render.tooltips): the SVG is the very bytes
Graphviz writes for the whole DOT text, and a tooltip-only change (a description edit) is laid
out from the cache."""

from __future__ import annotations

from pathlib import Path

from markers import needs_dot

from eaf.cache import Cache
from eaf.render.graphviz import DotCli
from eaf.render.run import Job, lay_out
from eaf.render.text import escape_tooltip
from eaf.render.tooltips import mask
from eaf.views import ComputedView

#: Text a description may hold that Graphviz escapes or interprets: entities, quotes, markup,
#: backslash escapes it expands (\N, \G, \E, \n), dashes, runs of spaces, Vietnamese.
TRICKY = [
    'Ra mắt & "ngày" <b>19/04</b> \\N \\G \\E \\n -- a  b',
    "&amp; &#45; &lt; Thủ Dầu Một\\\\",
    "EAF tip: ' ` {} [] ; , =",
]


def dot_of(tips: list[str], title: str = "Sơ đồ") -> str:
    """A DOT text with a tooltip on the graph, a cluster, nodes and an edge, as eaf writes it."""
    t = [escape_tooltip(tip) for tip in tips]
    return (
        "digraph eaf {\n"
        f'  graph [label="G", tooltip="{escape_tooltip(title)}"];\n'
        f'  subgraph cluster_1 {{ label="C"; tooltip="{t[0]}";\n'
        f'    n1 [label="Một", URL="a.html", tooltip="{t[1]}"];\n'
        f'    n2 [label="Hai", tooltip="{t[2]}"];\n'
        "  }\n"
        f'  n3 [label="Ba", URL="b.html", tooltip="{t[0]}"];\n'
        f'  n1 -> n3 [label="dùng", tooltip="{t[2]}"];\n'
        '  n2 -> n3 [tooltip=""];\n'
        "}\n"
    )


def job(dot: str) -> Job:
    return Job("v", ComputedView("v", "Sơ đồ", "LR", (), ()), dot)


@needs_dot
def test_the_drawing_is_what_graphviz_writes_for_the_whole_text(tmp_path: Path) -> None:
    runner, cache = DotCli(), Cache(tmp_path / "cache")
    dot = dot_of(TRICKY)
    [first] = lay_out([job(dot)], "svg", cache, runner)
    assert first.data == runner.render(dot, "svg")
    assert not first.cached
    # Only the tooltips differ: laid out from the cache, and still Graphviz's own bytes.
    edited = dot_of([tip + " (sửa)" for tip in reversed(TRICKY)], title="Sơ đồ mới")
    [second] = lay_out([job(edited)], "svg", cache, runner)
    assert second.cached
    assert second.data == runner.render(edited, "svg")
    assert b"(s\xe1\xbb\xada)" in (second.data or b"")  # the edited tooltip is in the drawing


@needs_dot
def test_a_label_change_is_laid_out_again(tmp_path: Path) -> None:
    runner, cache = DotCli(), Cache(tmp_path / "cache")
    dot = dot_of(TRICKY)
    list(lay_out([job(dot)], "svg", cache, runner))
    moved = dot.replace('label="Ba"', 'label="Ba, một tên dài hơn nhiều"')
    [again] = lay_out([job(moved)], "svg", cache, runner)
    assert not again.cached
    assert again.data == runner.render(moved, "svg")


class Canned:
    """A Graphviz that answers every DOT text with one drawing, and cannot say how it writes
    a tooltip: the view is then laid out from its own DOT text."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def version(self) -> str:
        return "canned"

    def render(self, dot: str, fmt: str) -> bytes:
        self.asked.append(dot)
        return b"<svg/>"


def test_without_an_answer_about_tooltips_the_view_is_laid_out_as_it_is() -> None:
    runner = Canned()
    dot = dot_of(TRICKY)
    [layout] = lay_out([job(dot)], "svg", Cache(None), runner)
    assert layout.data == b"<svg/>"
    assert runner.asked[-1] == dot


def test_png_is_laid_out_from_the_text_as_it_is() -> None:
    runner = Canned()
    dot = dot_of(TRICKY)
    list(lay_out([job(dot)], "png", Cache(None), runner))
    assert runner.asked == [dot]


def test_what_is_masked() -> None:
    masked = mask(dot_of(TRICKY))
    assert masked is not None
    assert len(masked.tips) == 4  # the title and three distinct tooltips; "" stays as it is
    assert 'tooltip=""' in masked.dot
    assert not any(escape_tooltip(tip) in masked.dot for tip in TRICKY)
    # A text that already holds something like a mark is laid out as it is.
    assert mask(dot_of(TRICKY, title="EAFTIP0_")) is None
    assert mask('digraph { a [label="x"]; }') is None
