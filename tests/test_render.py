"""Diagrams: golden DOT, SVG checked structurally through the real `dot`, injection names that
must render literally, the layout cache, and the failure paths."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markers import needs_dot

from eaf.cache import Cache
from eaf.cli import cli
from eaf.config import load_config
from eaf.pipeline import load_project
from eaf.render.dot import DotOptions, label, to_dot
from eaf.render.graphviz import DotCli, GraphvizError
from eaf.render.run import plan, render_all
from eaf.views import ComputedView, ViewNode

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "small"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def jobs_of(root: Path, only: tuple[str, ...] = ()) -> dict[str, str]:
    project = load_project(load_config(root))
    assert project.model is not None
    jobs, _ = plan(project.model, project.graph, only=only)
    return {job.stem: job.dot for job in jobs}


@pytest.mark.parametrize("stem", ["tong-the", "tich-hop", "to-chuc", "mot-cua", "context/cong-dvc"])
def test_golden_dot(stem: str) -> None:
    """DOT text of the small model's views, byte for byte (EAF_UPDATE_GOLDEN=1 refreshes)."""
    produced = jobs_of(GOLDEN)[stem]
    golden = GOLDEN / "diagrams" / f"{stem}.dot"
    if os.environ.get("EAF_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_dot_is_deterministic_and_ids_are_synthetic() -> None:
    first = jobs_of(GOLDEN)
    assert first == jobs_of(GOLDEN)
    for dot in first.values():
        node_ids = re.findall(r"^\s+(\w+) \[label", dot, re.M)
        assert all(re.fullmatch(r"graph|n\d+|b\d+", n) for n in node_ids), node_ids


def svg_nodes(svg: bytes) -> list[tuple[str, str | None]]:
    """(text of the node, its link) for every node drawn."""
    root = ET.fromstring(svg)
    out = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        texts = [t.text or "" for t in group.iter(f"{SVG}text")]
        link = next((a.get(XLINK) for a in group.iter(f"{SVG}a")), None)
        out.append((" ".join(texts), link))
    return out


def assert_inert(svg: bytes) -> None:
    """No script element, no event attribute, no link but relative or http(s) ones; names
    that look like markup stay text."""
    root = ET.fromstring(svg)
    for element in root.iter():
        assert not element.tag.lower().endswith("script")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (element.tag, name)
            if local == "href":
                assert value.startswith(("../", "http://", "https://", "#")), value


@needs_dot
def test_svg_structure_of_the_overall_diagram() -> None:
    project = load_project(load_config(GOLDEN))
    assert project.model is not None
    jobs, _ = plan(project.model, project.graph, only=("tong-the",))
    (job,) = jobs
    svg = DotCli().render(job.dot, "svg")
    ET.fromstring(svg)  # well-formed
    assert_inert(svg)
    nodes = svg_nodes(svg)
    linked = {link for _, link in nodes if link}
    elements = {n.element for n in job.view.nodes if n.element}
    assert linked == {f"../elements/{e}/" for e in elements}
    assert len([n for n in nodes if n[1]]) == len(elements)  # one node per element


INJECTIONS = [
    'Bộ "Tài chính"',
    "<img src=x onerror=alert(1)>",
    "<B>x</B>",
    "C:\\",
    '\\" shape=box color=red] # "=12',
    "\\N \\G \\L",
    "a:b:c",
    "{x|y} <port>",
    "javascript:alert(1)",
    "]]> <!-- -->",
]


def model_named(names: list[str]) -> str:
    lines = ["systems:"]
    for i, name in enumerate(names):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"  - id: s{i}", f'    name: "{quoted}"', "    category: ioc"]
    return "\n".join(lines) + "\n"


@needs_dot
def test_injection_names_render_literally(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": model_named(INJECTIONS)})
    project_ = load_project(load_config(root))
    assert [d.message for d in project_.diagnostics] == []
    jobs, _ = plan(project_.model, project_.graph, only=("tong-the",))  # type: ignore[arg-type]
    svg = DotCli().render(jobs[0].dot, "svg")
    assert_inert(svg)
    texts = [t for t, link in svg_nodes(svg) if link]
    assert sorted(t.replace(" ", "") for t in texts) == sorted(
        n.replace(" ", "") for n in INJECTIONS
    )
    # The DOT attributes cannot be changed from a name.
    assert 'color="red"' not in jobs[0].dot and 'shape="box" color=' not in jobs[0].dot


@needs_dot
def test_a_very_long_name_is_shortened_and_kept_in_the_tooltip() -> None:
    name = "x" * 20_000
    view = ComputedView("v", "V", "TB", (ViewNode("a", "system", name, name, element="a"),), ())
    dot = to_dot(view)
    assert len(label(name)) <= 201
    svg = DotCli().render(dot, "svg")
    assert svg_nodes(svg)[0][0].endswith("…")


def svg_tooltips(svg: bytes) -> list[str]:
    """The tooltip of every node's link, as the SVG holds it."""
    root = ET.fromstring(svg)
    return [
        a.get("{http://www.w3.org/1999/xlink}title") or ""
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "node"
        for a in group.iter(f"{SVG}a")
    ]


#: Text made of what Graphviz could read as syntax: escapes (\N, \G, \L, \E, \T, \H, \n,
#: \l, \r), character references (&amp; &#92;), quotes, record and HTML-label characters.
_SYNTAX = st.text(alphabet='\\&#;"NGLETHnlr{}|<>amp92x: ', min_size=1, max_size=30)


@needs_dot
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60),
        _SYNTAX,
    )
)
def test_any_name_renders(name: str) -> None:
    """Label and tooltip show the name as written: the label wrapped, the tooltip exactly
    (with its white space collapsed)."""
    if not name.strip():
        return
    view = ComputedView("v", "V", "TB", (ViewNode("a", "system", name, name, element="a"),), ())
    svg = DotCli().render(to_dot(view, DotOptions(legend=False)), "svg")
    ET.fromstring(svg)
    (text, link) = svg_nodes(svg)[0]
    assert text.replace(" ", "") == " ".join(name.split()).replace(" ", "")[:199] or text.endswith(
        "…"
    )
    assert svg_tooltips(svg) == [" ".join(name.split())]
    assert link == "../elements/a/"


@needs_dot
def test_cache_renders_an_unchanged_view_once(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": model_named(["Hệ thống A", "Hệ thống B"])})
    runner = CliRunner()
    first = runner.invoke(cli, ["render"])
    assert first.exit_code == 0, first.output
    assert "laid out, 0 from the cache" in first.stderr
    dots = {p: p.read_bytes() for p in (root / "build" / "diagrams").rglob("*.dot")}
    second = runner.invoke(cli, ["render"])
    assert second.exit_code == 0
    assert " 0 laid out" in second.stderr and "0 files written" in second.stderr
    assert {p: p.read_bytes() for p in (root / "build" / "diagrams").rglob("*.dot")} == dots
    (root / "models" / "a.yaml").write_text(
        model_named(["Hệ thống A", "Hệ thống C"]), encoding="utf-8"
    )
    third = runner.invoke(cli, ["render"])
    # The overall diagram and the edited element's context changed; the other did not.
    assert re.search(r"views: [1-9]\d* laid out, [1-9]\d* from the cache", third.stderr), (
        third.stderr
    )


def test_formats_and_unknown_views(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": model_named(["A"])})
    runner = CliRunner()
    result = runner.invoke(cli, ["render", "--format", "dot", "--view", "tong-the"])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (root / "build" / "diagrams").rglob("*") if p.is_file())
    assert files == ["tong-the.dot"]
    result = runner.invoke(cli, ["render", "--view", "tong-thee"])
    assert result.exit_code == 2
    assert "did you mean 'tong-the'" in result.stderr


@needs_dot
def test_png_output(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": model_named(["Phường Hiệp Thành"])})
    result = CliRunner().invoke(cli, ["render", "--format", "png", "--view", "tong-the"])
    assert result.exit_code == 0, result.output
    assert (root / "build" / "diagrams" / "tong-the.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class Slow:
    def version(self) -> str:
        return "fake"

    def render(self, dot: str, fmt: str) -> bytes:
        raise GraphvizError("timeout", "dot took longer than 60 s")


class Broken(Slow):
    def render(self, dot: str, fmt: str) -> bytes:
        raise GraphvizError("failed", "syntax error in line 3")


def test_a_timeout_draws_a_placeholder_and_warns(tmp_path: Path) -> None:
    jobs = list(jobs_of_plan(GOLDEN, ("tong-the",)))
    result = render_all(jobs, "svg", tmp_path, Cache(None), Slow())
    assert [d.code for d in result.diagnostics] == ["EAF413"]
    svg = (tmp_path / "tong-the.svg").read_bytes()
    ET.fromstring(svg)
    result = render_all(jobs, "svg", tmp_path / "b", Cache(None), Broken())
    assert [d.code for d in result.diagnostics] == ["EAF412"]
    assert not (tmp_path / "b" / "tong-the.svg").exists()


def jobs_of_plan(root: Path, only: tuple[str, ...]) -> list:  # type: ignore[type-arg]
    project = load_project(load_config(root))
    assert project.model is not None
    jobs, _ = plan(project.model, project.graph, only=only)
    return jobs


def test_missing_graphviz_is_a_located_error(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project({"models/a.yaml": model_named(["A"])})
    monkeypatch.setenv("PATH", "/nonexistent")
    result = CliRunner().invoke(cli, ["render", "--view", "tong-the"])
    assert result.exit_code == 1
    assert "error[EAF411]" in result.stderr
    assert "Traceback" not in result.output


def test_view_styles_ranks_and_extends(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/a.yaml": model_named(["A", "B", "C"])
            + """\
views:
  - id: base
    name: Cơ sở
    include: ["id:s0 id:s1"]
    direction: LR
    styles:
      - {select: "id:s0", fill: "#ff0000", shape: cylinder}
  - id: child
    name: Kế thừa
    extends: base
    include: ["id:s2"]
    rank_same: [["id:s1", "id:s2"]]
    styles:
      - {select: "id:s0", dashed: true}
""",
        }
    )
    dots = jobs_of(root)
    child = dots["child"]
    assert 'rankdir="LR"' in child  # inherited from the base view
    assert child.count('label="A"') == child.count('label="B"') == child.count('label="C"') == 1
    assert 'shape="cylinder", style="filled,dashed", fillcolor="#ff0000"' in child
    assert "{ rank=same; n2; n3; }" in child
    assert "rank=same" not in dots["base"]


def test_a_summarised_view_keeps_planned_and_retired_links() -> None:
    """Summarising merges edges per type and state: a planned link stays dashed (it was drawn
    active before), one link alone keeps its label."""
    from eaf.config import load_config
    from eaf.pipeline import load_project
    from eaf.views import ViewEdge, summarise

    project = load_project(load_config(GOLDEN))
    assert project.model is not None
    communes = [ViewNode(f"xa-{i}", "organization", f"Xã {i}", "", state="planned") for i in "ab"]
    portal = ViewNode("cong-dvc", "system", "Cổng", "")
    view = ComputedView(
        "v",
        "v",
        "TB",
        (portal, *communes),
        (
            ViewEdge("cong-dvc", "xa-a", "deployed-to", state="planned"),
            ViewEdge("cong-dvc", "xa-b", "deployed-to", state="active"),
            ViewEdge("cong-dvc", "lgsp", "uses", label="qua LGSP", state="retired"),
        ),
    )
    small = summarise(view, 2, project.model, "vi")
    (summary,) = [n for n in small.nodes if n.id.startswith("summary:")]
    assert summary.state == "planned" and summary.count == 2
    assert {(e.target, e.state, e.count, e.label) for e in small.edges} == {
        (summary.id, "active", 1, ""),
        (summary.id, "planned", 1, ""),
        ("lgsp", "retired", 1, "qua LGSP"),
    }


def test_the_roadmap_is_a_timeline_in_date_order() -> None:
    """lo-trinh is drawn as a timeline: plateaus left to right by date, each work package a
    bar from its start to its end in its phase's swimlane, linked to its page."""
    from eaf.render.timeline import roadmap_svg

    project = load_project(load_config(HERE / "golden" / "time"))
    assert project.model is not None
    svg = ET.fromstring(roadmap_svg(project.model, "vi"))
    lines = [
        float(line.get("x1", "0"))
        for line in svg.iter(f"{SVG}line")
        if line.get("stroke") == "#5c6bc0"
    ]
    assert len(lines) == 3 and lines == sorted(lines)  # hien-trang, giai-doan-1, muc-tieu
    links = {a.get(XLINK): a for a in svg.iter(f"{SVG}a")}
    bar = links["@@ROOT@@elements/wp-hop-nhat.html"].find(f"{SVG}rect")
    assert bar is not None
    # Its period: 2024-01-01 to 2024-12-31, from the first plateau's line to before the second.
    assert float(bar.get("x", "0")) == lines[0]
    assert lines[0] < float(bar.get("x", "0")) + float(bar.get("width", "0")) < lines[1]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Cuối giai đoạn" not in texts  # lanes are the model's own plateaus
    assert "Giai đoạn 2024–2025" in texts and "Sắp xếp đơn vị hành chính" in texts
    assert roadmap_svg(project.model, "vi") == roadmap_svg(project.model, "vi")
    # The built-in view 'lo-trinh' is this drawing, not a Graphviz graph.
    jobs, _ = plan(project.model, project.graph, only=("lo-trinh",), contexts=False)
    (job,) = jobs
    assert job.dot == "" and job.svg == roadmap_svg(project.model, "vi", "../elements/")


LONG_NAME = (
    "Chuyển toàn bộ thủ tục hành chính cấp huyện về cấp xã và cung cấp dịch vụ công trực tuyến "
    "toàn trình cho người dân và doanh nghiệp trên địa bàn tỉnh mới sau hợp nhất"
)
ROADMAP = {
    "models/roadmap.yaml": f"""\
        plateaus:
          - {{id: hien-trang, name: Hiện trạng, kind: baseline, date: "2024-01-01"}}
          - id: truoc
            name: Trước khi sắp xếp đơn vị hành chính cấp xã
            kind: transition
            starts: "2024-01-01"
            date: "2025-06-30"
          - {{id: sap-xep, name: Chính quyền hai cấp, kind: transition, date: "2025-07-01"}}
          - {{id: on-dinh, name: Ổn định bộ máy sau sắp xếp, kind: transition, date: "2025-08-15"}}
          - id: muc-tieu
            name: Mục tiêu cuối năm 2026 của tỉnh mới sau hợp nhất hai tỉnh
            kind: target
            date: "2026-12-31"
        work_packages:
          - id: wp-a
            name: Hợp nhất hệ thống thông tin
            phase: truoc
            status: done
            period: {{start: "2024-01-01", end: "2025-06-30"}}
          - id: wp-b
            name: {LONG_NAME}
            phase: muc-tieu
            status: planned
            period: {{start: "2025-07-01", end: "2026-12-31"}}
        """,
}


@needs_dot
def test_the_roadmap_is_written_as_svg_whatever_the_format(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roadmap is drawn by eaf: asked for png or dot it was silently not written."""
    root = project({**ROADMAP, "models/a.yaml": model_named(["A"])})
    out = root / "build" / "diagrams"
    runner = CliRunner()
    for fmt in ("png", "dot"):
        shutil.rmtree(out, ignore_errors=True)
        result = runner.invoke(
            cli, ["render", "--view", "lo-trinh", "--view", "tong-the", "--format", fmt]
        )
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == [
            "lo-trinh.svg",
            "tong-the.dot",
            *(["tong-the.png"] if fmt == "png" else []),
        ]
        ET.fromstring((out / "lo-trinh.svg").read_bytes())
        (warning,) = [line for line in result.stderr.splitlines() if "[EAF414]" in line]
        assert warning.startswith("warning[EAF414] view 'lo-trinh' is drawn by eaf as SVG")
        assert f"--format {fmt} does not apply" in warning
    result = runner.invoke(cli, ["render", "--view", "lo-trinh"])
    assert result.exit_code == 0 and "EAF414" not in result.stderr
    # It needs no Graphviz either.
    shutil.rmtree(out)
    monkeypatch.setenv("PATH", "/nonexistent")
    result = runner.invoke(cli, ["render", "--view", "lo-trinh"])
    assert (result.exit_code, result.stderr.count("EAF4")) == (0, 0), result.stderr
    assert (out / "lo-trinh.svg").is_file()


def _box(text: ET.Element) -> tuple[float, float, float, float]:
    """A text's box (left, top, right, bottom), its width estimated as the timeline does."""
    from eaf.render.timeline import _width

    size = int(text.get("font-size", "0"))
    width = _width(text.text or "", size, bold=text.get("font-weight") == "bold")
    x, y = float(text.get("x", "0")), float(text.get("y", "0"))
    left = x - width if text.get("text-anchor") == "end" else x
    return left, y - size, left + width, y + 3


def test_the_roadmap_wraps_long_names_and_keeps_plateau_names_apart(
    project: Callable[..., Path],
) -> None:
    """A long swimlane title was cut ('…'), and the names of plateaus close in time were
    staggered on two rows only: the third ran over the first."""
    from eaf.render.timeline import LEFT, WIDTH, roadmap_svg

    root = project(ROADMAP)
    model = load_project(load_config(root)).model
    assert model is not None
    svg = ET.fromstring(roadmap_svg(model, "vi"))
    texts = list(svg.iter(f"{SVG}text"))
    assert not [t.text for t in texts if "…" in (t.text or "")]
    # Each lane's title wraps inside its column, whole, and its lane holds it.
    lanes = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#fafafa"]
    titles = [t for t in texts if t.get("font-weight") == "bold" and t.get("x") == "8"]
    shown = []
    for lane in lanes:
        top, height = float(lane.get("y", "0")), float(lane.get("height", "0"))
        inside = [t for t in titles if top <= _box(t)[1] and _box(t)[3] <= top + height]
        assert all(_box(t)[2] <= LEFT - 8 for t in inside)
        shown.append(" ".join(t.text or "" for t in inside))
    assert shown == [
        "Trước khi sắp xếp đơn vị hành chính cấp xã",
        "Mục tiêu cuối năm 2026 của tỉnh mới sau hợp nhất hai tỉnh",
    ]
    # A work package's name too long for a line wraps, whole.
    links = {a.get(XLINK, "").rsplit("/", 1)[-1]: a for a in svg.iter(f"{SVG}a")}
    name = " ".join(t.text or "" for t in links["wp-b.html"].iter(f"{SVG}text"))
    assert name == LONG_NAME
    assert all(_box(t)[2] <= WIDTH for t in texts)
    # No plateau's name overlaps another's, and no plateau's line crosses another's name.
    plateaus = ["hien-trang", "truoc", "sap-xep", "on-dinh", "muc-tieu"]
    boxes = {p: [_box(t) for t in links[f"{p}.html"].iter(f"{SVG}text")] for p in plateaus}
    lines = [
        (float(line.get("x1", "0")), float(line.get("y1", "0")))
        for line in svg.iter(f"{SVG}line")
        if line.get("stroke") == "#5c6bc0"
    ]
    assert len(lines) == 5 and lines == sorted(lines, key=lambda line: line[0])
    for p in plateaus:
        for q, (x, y1) in zip(plateaus, lines, strict=True):
            if q == p:
                continue
            for left, top, right, bottom in boxes[p]:
                assert not (left < x < right and bottom > y1), (p, q)  # a line below a name
                for l2, t2, r2, b2 in boxes[q]:
                    assert not (left < r2 and l2 < right and top < b2 and t2 < bottom), (p, q)
