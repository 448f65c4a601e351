"""Diagrams that fit a page (issue 13): the overall diagram as the framework's layer cake, the
organisation chart by level, context diagrams as bounded stars; checked on the computed views,
the DOT and the SVG Graphviz draws from it (structurally, never byte for byte)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from markers import needs_dot

from eaf.config import load_config
from eaf.pipeline import Project, load_project
from eaf.render.graphviz import DotCli
from eaf.render.run import Job, plan
from eaf.site import safe
from eaf.views import CONTEXT_MAX_NODES

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@cache
def shipped() -> Project:
    project = load_project(load_config(REPO))
    assert project.model is not None
    return project


@cache
def jobs(at: str | None = None, contexts: bool = False) -> dict[str, Job]:
    project = shipped()
    assert project.model is not None
    planned, _ = plan(project.model, project.graph, at=at, contexts=contexts)
    return {job.stem: job for job in planned}


def clusters(svg: bytes) -> dict[str, tuple[float, float, float, float]]:
    """Each band Graphviz drew: its label → (left, top, right, bottom) in SVG units."""
    out = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "cluster":
            continue
        shape = next(e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        numbers = [
            float(n)
            for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points") or "")
        ]
        xs, ys = numbers[0::2], numbers[1::2]
        label = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
        out[label] = (min(xs), min(ys), max(xs), max(ys))
    return out


def size(svg: bytes) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width", "0").removesuffix("pt")), float(
        root.get("height", "0").removesuffix("pt")
    )


@needs_dot
def test_the_overall_diagram_is_a_layer_cake() -> None:
    """The province's layers top down in the framework's order, every band as wide as the
    others, the empty layers left out, the national systems a band under them, and the whole
    no more than twice as wide as it is tall."""
    job = jobs()["tong-the"]
    assert job.view.layout == "bands"
    svg = DotCli().render(job.dot, "svg")
    bands = clusters(svg)
    security = bands.pop("An toàn thông tin")  # a side bar, the only one the model fills
    assert list(bands) == [
        "Người sử dụng",
        "Kênh giao tiếp",
        "Cổng thông tin và dịch vụ công",
        "Ứng dụng",
        "Nền tảng tích hợp, chia sẻ dữ liệu",
        "Cơ sở dữ liệu",
        "Hạ tầng kỹ thuật",
        "Hệ thống, nền tảng quốc gia",
    ]  # no governance or external systems in the shipped model: no empty bands
    boxes = list(bands.values())
    assert len({round(right - left) for left, _, right, _ in boxes}) == 1  # one width
    assert all(upper[3] < lower[1] for upper, lower in itertools.pairwise(boxes))
    users, infrastructure = bands["Người sử dụng"], bands["Hạ tầng kỹ thuật"]
    assert security[2] < users[0]  # on the left, as tall as the province's bands
    assert security[1] == pytest.approx(users[1], abs=1)
    assert security[3] == pytest.approx(infrastructure[3], abs=1)
    width, height = size(svg)
    assert width <= 2 * height
    drawn = {
        a.get("{http://www.w3.org/1999/xlink}href") for a in ET.fromstring(svg).iter(f"{SVG}a")
    }
    assert {f"../elements/{n.element}/" for n in job.view.nodes} <= drawn  # nodes still link


@needs_dot
def test_side_bars_stand_beside_the_bands(project: Callable[..., Path]) -> None:
    """Security and governance, when the model has elements in them, are bars as tall as the
    province's bands, one on the left and one on the right; the legend is in the title."""
    root = project(
        {
            "models/a.yaml": """\
                layers:
                  - {id: applications, name: Ứng dụng, order: 40}
                  - {id: data, name: Dữ liệu, order: 60}
                  - {id: security, name: An toàn thông tin, order: 80, side: true}
                  - {id: governance, name: "Chỉ đạo, chính sách", order: 90, side: true}
                systems:
                  - {id: a, name: Hệ thống A, category: ioc}
                  - {id: soc, name: Trung tâm giám sát an toàn, category: ioc, layer: security}
                  - {id: chinh-sach, name: Quy chế, category: ioc, layer: governance}
                  - {id: qg, name: Hệ thống quốc gia, category: ioc, level: national}
                data:
                  - {id: d, name: Dữ liệu D, scope: provincial}
            """
        }
    )
    project_ = load_project(load_config(root))
    assert project_.model is not None
    (job,) = plan(project_.model, project_.graph, only=("tong-the",))[0]
    bands = clusters(DotCli().render(job.dot, "svg"))
    apps, data, national = bands["Ứng dụng"], bands["Dữ liệu"], bands["Hệ thống, nền tảng quốc gia"]
    security, governance = bands["An toàn thông tin"], bands["Chỉ đạo, chính sách"]
    assert security[2] < apps[0] and governance[0] > apps[2]
    for bar in (security, governance):
        assert bar[1] == pytest.approx(apps[1], abs=1) and bar[3] == pytest.approx(data[3], abs=1)
        assert bar[3] < national[1]  # beside the province's bands, not the national one
    assert "<TABLE" in job.dot and "cluster_legend" not in job.dot


def test_the_organisation_chart_counts_communes_under_their_district() -> None:
    """At the baseline the 91 communes are counted under each of the 9 districts, each count
    opening its district's page; on 2025-07-01 the 36 new units are drawn one by one."""
    view = jobs()["to-chuc"].view
    assert view.layout == "bands"
    counted = [n for n in view.nodes if n.element is None]
    assert len(counted) == 9 and sum(n.count for n in counted) == 91
    districts = {n.id for n in view.nodes if n.group == "level:district" and n.element}
    assert {n.below for n in counted} == {n.link for n in counted} == districts
    assert all(re.fullmatch(r"\d+ xã, phường, thị trấn", n.label) for n in counted)
    assert [g.label for g in view.groups] == [
        "Cơ quan trung ương",
        "Cấp tỉnh",
        "Cơ quan chuyên môn cấp tỉnh",
        "Cấp huyện, cấp xã",
    ]
    dot = jobs()["to-chuc"].dot
    assert 'URL="../elements/tp-thu-dau-mot/"' in dot and 'label="14 xã, phường, thị trấn"' in dot
    later = jobs("2025-07-01")["to-chuc"].view
    assert [g.label for g in later.groups] == ["Cơ quan trung ương", "Cấp tỉnh", "Cấp xã"]
    assert len([n for n in later.nodes if n.group == "level:commune" and n.element]) == 36


def test_context_diagrams_are_bounded_stars() -> None:
    """Every element's context: direct neighbours only (each edge touches the element), at
    most CONTEXT_MAX_NODES nodes, alike neighbours counted in one node."""
    contexts = {
        stem: job.view for stem, job in jobs(contexts=True).items() if stem.startswith("context/")
    }
    assert len(contexts) > 250
    for stem, view in contexts.items():
        assert view.layout == "star" and view.focus == stem.removeprefix("context/")
        assert len(view.nodes) <= CONTEXT_MAX_NODES, stem
        assert all(view.focus in (e.source, e.target) for e in view.edges), stem
    portal = {n.label for n in contexts["context/cong-dvc-binh-duong"].nodes}
    assert {"18 cơ quan cấp tỉnh", "9 đơn vị hành chính cấp huyện"} <= portal
    one_stop = {n.label for n in contexts["context/mot-cua-dien-tu"].nodes}
    assert {"91 xã, phường, thị trấn", "18 cơ quan cấp tỉnh"} <= one_stop
    # A district's page is where its communes are drawn one by one.
    district = contexts["context/tp-thu-dau-mot"]
    assert len([n for n in district.nodes if n.id.startswith("tdm-")]) == 14


@needs_dot
def test_two_links_between_two_placed_boxes_are_drawn_once(
    project: Callable[..., Path],
) -> None:
    """Graphviz's router fails on two edges between the same two placed nodes: eaf draws
    one, both ways; and when the router fails anyway, the drawing gets square edges."""
    root = project(
        {
            "models/a.yaml": """\
                layers:
                  - {id: applications, name: Ứng dụng, order: 40}
                systems:
                  - {id: a, name: Hệ thống A, category: ioc, layer: applications}
                  - {id: b, name: Hệ thống B, category: ioc, layer: applications}
                interconnections:
                  - {id: ab, name: A tới B, from: a, to: b}
                  - {id: ba, name: B tới A, from: b, to: a}
            """
        }
    )
    loaded = load_project(load_config(root))
    assert loaded.model is not None
    (job,) = plan(loaded.model, loaded.graph, only=("tich-hop",))[0]
    dot = job.dot
    assert job.view.layout == "bands" and dot.count(" -> ") == 1 and 'dir="both"' in dot
    assert DotCli().render(dot, "svg").lstrip().startswith(b"<?xml")
    placed = (
        'digraph g { graph [layout="neato", splines="true"]; a [pos="0,0"]; b [pos="200,0"];'
        " a -> b; b -> a; }"
    )
    assert b"<svg" in DotCli().render(placed, "svg")


@needs_dot
def test_the_drawing_on_a_page_is_named_and_its_nodes_titled_by_their_tooltips() -> None:
    job = jobs()["tong-the"]
    page = safe.svg(DotCli().render(job.dot, "svg"), "../", label="Sơ đồ: Tổng thể")
    root = ET.fromstring(page)
    assert root.get("aria-label") == "Sơ đồ: Tổng thể"
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert titles and not [t for t in titles if re.fullmatch(r"n\d+(->n\d+)?|cluster_\d+|eaf", t)]
    assert any(t.startswith("Hệ thống: ") for t in titles)


def test_a_counted_node_names_its_members_whole() -> None:
    """A counted node's tooltip lists its members' names, each whole, as many as fit (a long
    list ends with an ellipsis, never inside a name)."""
    view = jobs(contexts=True)["context/mot-cua-dien-tu"].view
    communes = next(n for n in view.nodes if n.label == "91 xã, phường, thị trấn")
    names = communes.tooltip.split(", ")
    assert names[-1] == "…" and len(communes.tooltip) <= 600
    shipped_names = {e.spec.name for e in shipped().model.elements.values()}  # type: ignore[union-attr]
    assert set(names[:-1]) <= shipped_names and len(names) > 10
