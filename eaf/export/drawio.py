"""draw.io (diagrams.net): one `.drawio` file, a page per eaf view, each element a shape where
Graphviz placed it (a shape and colour per kind, as in eaf's own diagrams), each group a
container holding its elements, each drawn relation an edge between two shapes of the page.

Labels are plain text (`html=0`): model text is never read as HTML. The pages are stored as
uncompressed XML, so the file diffs well; ids are synthetic and stable (n1, n2… per page), and
the file carries no dates, so the same model gives the same bytes.
"""

from __future__ import annotations

from lxml import etree

from eaf.export.layout import Box, Layout
from eaf.export.source import DrawnView, ExportSource
from eaf.render.dot import DEFAULT_STYLE, EDGE_STYLE, KIND_STYLE

#: Graphviz shape → draw.io style.
SHAPES = {
    "box": "rounded=1;",
    "ellipse": "ellipse;",
    "cylinder": "shape=cylinder3;boundedLbl=1;size=8;",
    "hexagon": "shape=hexagon;perimeter=hexagonPerimeter2;size=0.1;",
    "box3d": "shape=cube;size=6;",
    "note": "shape=note;size=10;",
    "cds": "shape=step;perimeter=stepPerimeter;size=0.1;",
    "tab": "shape=folder;tabWidth=30;tabHeight=8;",
}


def _vertex_style(kind: str, state: str) -> str:
    shape, fill, line = KIND_STYLE.get(kind, DEFAULT_STYLE)
    style = SHAPES.get(shape, "rounded=1;")
    if state == "retired":
        fill, line = "#eeeeee", "#9e9e9e"
    style += f"whiteSpace=wrap;html=0;fillColor={fill};strokeColor={line};fontSize=11;"
    if state == "planned":
        style += "dashed=1;"
    return style


def _edge_style(edge_type: str, state: str) -> str:
    line, color = EDGE_STYLE.get(edge_type, ("solid", "#555555"))
    style = f"html=0;endArrow=block;endSize=6;strokeColor={color};fontSize=9;"
    if line in ("dashed", "dotted") or state == "planned":
        style += "dashed=1;"
    if line == "dotted":
        style += "dashPattern=1 3;"
    return style


def _geometry(parent: etree._Element, box: Box, origin: Box | None = None) -> None:
    geometry = etree.SubElement(parent, "mxGeometry")
    x = box.x - (origin.x if origin else 0)
    y = box.y - (origin.y if origin else 0)
    geometry.set("x", str(x))
    geometry.set("y", str(y))
    geometry.set("width", str(box.w))
    geometry.set("height", str(box.h))
    geometry.set("as", "geometry")


def _page(parent: etree._Element, drawn: DrawnView) -> None:
    view, layout = drawn.view, drawn.layout
    assert isinstance(layout, Layout)
    diagram = etree.SubElement(parent, "diagram")
    diagram.set("id", view.id)
    diagram.set("name", view.title)
    model = etree.SubElement(diagram, "mxGraphModel")
    for key, value in (
        ("grid", "1"),
        ("gridSize", "10"),
        ("guides", "1"),
        ("tooltips", "1"),
        ("connect", "1"),
        ("arrows", "1"),
        ("fold", "1"),
        ("page", "1"),
        ("pageScale", "1"),
        ("pageWidth", str(max(layout.width, 1))),
        ("pageHeight", str(max(layout.height, 1))),
        ("math", "0"),
        ("shadow", "0"),
    ):
        model.set(key, value)
    root = etree.SubElement(model, "root")
    etree.SubElement(root, "mxCell").set("id", "0")
    layer = etree.SubElement(root, "mxCell")
    layer.set("id", "1")
    layer.set("parent", "0")
    ids = {n.id: f"n{i}" for i, n in enumerate(sorted(view.nodes, key=lambda n: n.id), 1)}
    groups: dict[str, tuple[str, Box]] = {}
    for index, group in enumerate(view.groups, 1):
        box = layout.groups.get(group.key)
        if box is None:
            continue
        cell = etree.SubElement(root, "mxCell")
        cell.set("id", f"g{index}")
        cell.set("value", group.label)
        fill = "#f3f6f9" if group.side else "#fafafa"
        cell.set(
            "style",
            "rounded=1;whiteSpace=wrap;html=0;container=1;collapsible=0;verticalAlign=top;"
            f"align=left;spacingLeft=8;fillColor={fill};strokeColor=#b0bec5;fontSize=13;",
        )
        cell.set("vertex", "1")
        cell.set("parent", "1")
        _geometry(cell, box)
        groups[group.key] = (f"g{index}", box)
    for node in sorted(view.nodes, key=lambda n: n.id):
        box = layout.nodes[node.id]
        cell = etree.SubElement(root, "mxCell")
        cell.set("id", ids[node.id])
        cell.set("value", node.label)
        cell.set("style", _vertex_style(node.kind, node.state))
        cell.set("vertex", "1")
        holder = groups.get(node.group or "")
        cell.set("parent", holder[0] if holder else "1")
        _geometry(cell, box, holder[1] if holder else None)
    for number, edge in enumerate(view.edges, 1):
        if edge.source not in ids or edge.target not in ids:
            continue
        cell = etree.SubElement(root, "mxCell")
        cell.set("id", f"e{number}")
        label = str(edge.count) if edge.count > 1 else edge.label
        cell.set("value", label)
        cell.set("style", _edge_style(edge.type, edge.state))
        cell.set("edge", "1")
        cell.set("parent", "1")
        cell.set("source", ids[edge.source])
        cell.set("target", ids[edge.target])
        geometry = etree.SubElement(cell, "mxGeometry")
        geometry.set("relative", "1")
        geometry.set("as", "geometry")


def write(source: ExportSource) -> dict[str, bytes]:
    root = etree.Element("mxfile")
    root.set("host", "eaf")
    root.set("type", "device")
    for drawn in sorted(source.views, key=lambda d: d.view.id):
        if drawn.layout is not None:
            _page(root, drawn)
    etree.indent(root, space="  ")
    return {
        "eaf.drawio": etree.tostring(
            root, encoding="UTF-8", xml_declaration=True, pretty_print=True
        )
    }
