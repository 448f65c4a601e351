"""Computed view → DOT text. Pure and deterministic: sorted, synthetic node ids (n1, n2, …),
attributes in a fixed order, every text escaped so that it renders literally.

Model text never becomes DOT syntax: labels are quoted strings with backslashes and quotes
escaped (so `\\N`, `"`, `<…>`, `:` and record characters show as written), HTML-like labels
have their text escaped as XML (eaf.render.text), node ids are synthetic (no ports), and URLs
are eaf's own relative links.

Three layouts (eaf.views.types.LAYOUTS):
- "bands": the overall diagram's layer cake and the organisation chart, placed by eaf
  (eaf.render.bands) and drawn by Graphviz where they are placed (`layout=neato`, run with
  `-n2`), which routes the edges around the boxes; one arrow stands for all of a band's
  units when they share one parent outside it (the province over its departments);
- "star": a context diagram, its element in the middle, each edge labelled with its relation;
- "graph": Graphviz's own layout (dot), a cluster per group.
The title and a compact legend (the kinds' colours, the states' outlines) are the graph's
label: an HTML-like table.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eaf.i18n import edge_label, kind_label, tr
from eaf.render import bands as geometry
from eaf.render.text import (
    escape,
    escape_tooltip,
    estimated_width,
    html_text,
    label,
    shorten,
    wrap,
)
from eaf.views import ComputedView, ViewEdge, ViewGroup, ViewNode

__all__ = ["DotOptions", "escape", "label", "node_attrs", "to_dot"]

FONT = "Noto Sans"
LEGEND_ROW = 5  # legend entries per row, at most

#: Look of each kind: (shape, fill colour, line colour).
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "organization": ("box", "#f5f0e6", "#8a6d3b"),
    "actor": ("ellipse", "#fdf2d0", "#b08900"),
    "channel": ("box", "#e6f4ea", "#2e7d32"),
    "system": ("box", "#e3f0fc", "#1f5fa8"),
    "data": ("cylinder", "#efe7f7", "#6a3d9a"),
    "platform": ("hexagon", "#fde8e1", "#c0392b"),
    "infrastructure": ("box3d", "#eceff1", "#455a64"),
    "service": ("note", "#ffffff", "#607d8b"),
    "work_package": ("cds", "#fff8e1", "#ef6c00"),
    "decision": ("note", "#f3e5f5", "#6a1b9a"),
    "plateau": ("tab", "#ffffff", "#37474f"),
}
DEFAULT_STYLE = ("box", "#ffffff", "#555555")
EDGE_STYLE: dict[str, tuple[str, str]] = {
    "interconnection": ("solid", "#1f5fa8"),
    "uses": ("dashed", "#c0392b"),
    "parent": ("solid", "#8a6d3b"),
    "part-of": ("dotted", "#555555"),
    "holds": ("dotted", "#6a3d9a"),
    "hosts": ("dotted", "#455a64"),
    "portal": ("dotted", "#607d8b"),
    "delivers": ("dashed", "#ef6c00"),
    "deployed-to": ("dotted", "#2e7d32"),
    "offered-by": ("dotted", "#2e7d32"),
    "governs": ("dashed", "#6a1b9a"),
}
EDGE_LABEL_COLOR = "#546e7a"
#: Edge types one arrow into a band can stand for (all its units have that parent).
_HIERARCHY = ("parent", "part-of")
_CELL = 'BORDER="1" CELLPADDING="4"'


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f'{k}="{v}"' for k, v in pairs)


def _pt(value: float) -> str:
    """A length in points as DOT takes it, short and the same on every machine."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True, slots=True)
class DotOptions:
    lang: str = "vi"
    link_prefix: str = "../elements/"
    """Relative URL of element pages; a node links to ``{link_prefix}{id}{link_suffix}``."""
    legend: bool = True
    link_suffix: str = "/"
    link_to: Callable[[str], str | None] | None = None
    """The page an element's node links to, by id (None: no link); by default its own. A
    summarised site links an element without a page to its province's."""


def node_attrs(node: ViewNode, options: DotOptions) -> list[tuple[str, str]]:
    shape, fill, line = KIND_STYLE.get(node.kind, DEFAULT_STYLE)
    style = "filled"
    if node.state == "planned":
        style = "filled,dashed"
    elif node.count > 1:
        style = "filled,bold"
    retired = node.state == "retired"
    pairs = [
        ("label", label(node.label)),
        ("shape", shape),
        ("style", style),
        ("fillcolor", "#eeeeee" if retired else fill),
        ("color", "#9e9e9e" if retired else line),
        ("fontcolor", "#757575" if retired else "#212121"),
        ("tooltip", escape_tooltip(shorten(node.tooltip, 600))),
    ]
    # A counted node opens the page of the element it is counted under (a district).
    page = node.element or node.link
    if page is not None and options.link_to is not None:
        page = options.link_to(page)
    if page is not None:
        pairs.append(("URL", escape(f"{options.link_prefix}{page}{options.link_suffix}")))
        pairs.append(("target", "_top"))
    # A view's own styles replace the kind's look attribute by attribute.
    overrides = dict(node.style)
    for key in ("color", "fillcolor", "shape", "style"):
        if key in overrides:
            overrides[key] = escape(overrides[key])
    return [(k, overrides.pop(k, v)) for k, v in pairs] + sorted(overrides.items())


def to_dot(view: ComputedView, options: DotOptions | None = None) -> str:
    options = options or DotOptions()
    nodes = sorted(view.nodes, key=lambda n: n.id)
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes, 1)}
    edges = [e for e in view.edges if e.source in ids and e.target in ids]
    body: list[str] = []
    if view.layout == "bands":
        drawn = _Banded(view, ids, options)
        body += drawn.bands()
        body += drawn.band_edges()
        edges = [e for e in edges if not drawn.to_band(e)]
    else:
        body += _clusters(view, nodes, ids, options)
        for rank in view.ranks:
            same = [ids[n] for n in rank if n in ids]
            if len(same) > 1:
                body.append(f"  {{ rank=same; {'; '.join(same)}; }}")
    counts = {node.id: node.count for node in nodes}
    both: set[ViewEdge] = set()
    if view.layout == "bands":
        edges, both = _one_per_pair(edges)
    for edge in edges:
        pairs = _edge_attrs(edge, options, view, counts)
        if edge in both:
            pairs.append(("dir", "both"))
        body.append(f"  {ids[edge.source]} -> {ids[edge.target]} [{_attrs(pairs)}];")
    edge_defaults = [("fontname", FONT), ("fontsize", "10"), ("arrowsize", "0.7")]
    out = [
        "digraph eaf {",
        f"  graph [{', '.join(_graph_attrs(view, options))}];",
        f"  node [{_attrs([('fontname', FONT), ('fontsize', '11'), ('margin', '0.12,0.06')])}];",
        f"  edge [{_attrs(edge_defaults)}];",
        *body,
        "}",
    ]
    return "\n".join(out) + "\n"


def _one_per_pair(edges: list[ViewEdge]) -> tuple[list[ViewEdge], set[ViewEdge]]:
    """One edge per pair of nodes, the first in sorted order, and those that stand for a
    link both ways: Graphviz's router fails on two edges between the same two placed nodes."""
    first: dict[frozenset[str], ViewEdge] = {}
    both: set[ViewEdge] = set()
    for edge in edges:
        pair = frozenset((edge.source, edge.target))
        kept = first.setdefault(pair, edge)
        if kept is not edge and (kept.source, kept.target) != (edge.source, edge.target):
            both.add(kept)
    return list(first.values()), both


def _graph_attrs(view: ComputedView, options: DotOptions) -> list[str]:
    pairs = [("labelloc", "t"), ("fontname", FONT), ("fontsize", "11")]
    if view.layout == "bands":
        # Drawn where eaf placed it (`-n2`), the edges routed around the boxes.
        pairs += [("layout", "neato"), ("splines", "true")]
    else:
        pairs += [
            ("rankdir", view.direction),
            ("newrank", "true"),
            ("nodesep", "0.25"),
            ("ranksep", "0.4"),
        ]
    pairs.append(("tooltip", escape_tooltip(view.title)))
    return [f"label=<{_heading(view, options)}>", *(f'{k}="{v}"' for k, v in pairs)]


def _heading(view: ComputedView, options: DotOptions) -> str:
    """The title and, under it, the legend: an HTML-like table, every text escaped."""
    title = "<BR/>".join(html_text(line) for line in wrap(shorten(view.title), 50))
    cells = _legend(view, options) if options.legend else []
    per_row = math.ceil(len(cells) / math.ceil(len(cells) / LEGEND_ROW)) if cells else 1
    rows = [f'<TR><TD COLSPAN="{per_row}"><FONT POINT-SIZE="16">{title}</FONT></TD></TR>']
    for start in range(0, len(cells), per_row):
        rows.append("<TR>" + "".join(cells[start : start + per_row]) + "</TR>")
    return '<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="3">' + "".join(rows) + "</TABLE>"


def _legend(view: ComputedView, options: DotOptions) -> list[str]:
    """One cell per kind drawn (its fill and line colours) and per state not active."""
    cells = []
    for kind in sorted({n.kind for n in view.nodes}):
        _, fill, line = KIND_STYLE.get(kind, DEFAULT_STYLE)
        text = html_text(kind_label(options.lang, kind))
        cells.append(f'<TD {_CELL} BGCOLOR="{fill}" COLOR="{line}" STYLE="rounded">{text}</TD>')
    for state in sorted({n.state for n in view.nodes} - {"active"}):
        fill, style = ("#eeeeee", "rounded") if state == "retired" else ("#ffffff", "dashed")
        text = html_text(tr(options.lang, f"diagram.legend.{state}"))
        cells.append(f'<TD {_CELL} BGCOLOR="{fill}" COLOR="#9e9e9e" STYLE="{style}">{text}</TD>')
    return cells


def _cluster_attrs(group: ViewGroup) -> list[tuple[str, str]]:
    fill = "#eef3f7" if group.side or group.key == "national" else "#fafafa"
    return [
        ("label", label(group.label, 40)),
        ("style", "rounded,filled"),
        ("fillcolor", fill),
        ("color", "#b0bec5"),
        ("fontsize", "13"),
        ("labeljust", "l"),
        ("tooltip", escape_tooltip(shorten(group.label))),
    ]


def _clusters(
    view: ComputedView, nodes: list[ViewNode], ids: dict[str, str], options: DotOptions
) -> list[str]:
    """The view's groups as clusters, then the nodes of no group."""
    out = []
    members: dict[str | None, list[ViewNode]] = defaultdict(list)
    for node in nodes:
        members[node.group].append(node)
    for index, group in enumerate(view.groups, 1):
        out.append(f"  subgraph cluster_{index} {{")
        out.append(f"    graph [{_attrs(_cluster_attrs(group))}];")
        for node in members.pop(group.key, []):
            out.append(f"    {ids[node.id]} [{_attrs(_node_attrs(node, view, options))}];")
        out.append("  }")
    for group_key in sorted(members, key=str):
        for node in members[group_key]:
            out.append(f"  {ids[node.id]} [{_attrs(_node_attrs(node, view, options))}];")
    return out


def _node_attrs(node: ViewNode, view: ComputedView, options: DotOptions) -> list[tuple[str, str]]:
    pairs = node_attrs(node, options)
    if node.id == view.focus:  # a context diagram's own element stands out
        pairs = [(k, f"{v},bold" if k == "style" else v) for k, v in pairs]
        pairs.append(("penwidth", "2"))
    if view.layout == "star":
        # A hexagon or an ellipse no wider than a box with the same words: the star stays
        # narrow enough to be read in a page's column.
        shape = dict(pairs).get("shape", "box")
        pairs += [
            ("width", _pt(estimated_width(node.label) / 72)),
            ("height", _pt(geometry.box_height(node, shape) / 72)),
            ("fixedsize", "true"),
        ]
    return pairs


def _edge_attrs(
    edge: ViewEdge, options: DotOptions, view: ComputedView, counts: dict[str, int]
) -> list[tuple[str, str]]:
    style, color = EDGE_STYLE.get(edge.type, ("solid", "#555555"))
    if edge.state == "planned":
        style = "dashed"
    elif edge.state == "retired":
        color = "#9e9e9e"
    tooltip = escape_tooltip(edge_label(options.lang, edge.type))
    pairs = [("style", style), ("color", color), ("tooltip", tooltip)]
    # A count says how many links a line stands for, unless the counted node says it.
    if edge.count > 1 and edge.count not in (counts[edge.source], counts[edge.target]):
        pairs += [("label", str(edge.count)), ("penwidth", "1.6")]
    elif edge.label and view.layout == "star":
        pairs += [("label", label(edge.label, 18)), ("fontcolor", EDGE_LABEL_COLOR)]
    elif edge.label:
        pairs.append(("label", label(edge.label)))
    return pairs


class _Banded:
    """A banded view as DOT: each band a cluster at its box (`bb`), each node at its place
    (`pos`), every shape as wide as the others and tall enough for its lines."""

    def __init__(self, view: ComputedView, ids: dict[str, str], options: DotOptions) -> None:
        self.view, self.ids, self.options = view, ids, options
        shapes = {n.id: KIND_STYLE.get(n.kind, DEFAULT_STYLE)[0] for n in view.nodes}
        self.layout = geometry.lay_out(view, shapes)
        self.index = {g.key: i for i, g in enumerate(view.groups, 1)}
        self.band_of = {n.id: n.group for n in view.nodes}
        self.banded = self._banded()

    def bands(self) -> list[str]:
        out: list[str] = []
        layout = self.layout
        width = [("width", _pt(layout.box / 72)), ("fixedsize", "true")]
        for group in layout.order:
            x1, y1, x2, y2 = layout.bb[group.key]
            box = [("bb", f"{_pt(x1)},{_pt(y1)},{_pt(x2)},{_pt(y2)}")]
            out.append(f"  subgraph cluster_{self.index[group.key]} {{")
            out.append(f"    graph [{_attrs(box + _cluster_attrs(group))}];")
            for node in sorted(self.view.nodes, key=lambda n: n.id):
                if node.group != group.key:
                    continue
                x, y = layout.pos[node.id]
                pairs = _node_attrs(node, self.view, self.options)
                pairs += [("pos", f"{_pt(x)},{_pt(y)}"), *width]
                pairs.append(("height", _pt(layout.heights[node.id] / 72)))
                out.append(f"    {self.ids[node.id]} [{_attrs(pairs)}];")
            if group.key in self.banded:
                # The point an arrow into the whole band ends at: the middle of its top.
                entry = [("label", ""), ("shape", "point"), ("style", "invis"), ("width", "0")]
                entry.append(("pos", f"{_pt((x1 + x2) / 2)},{_pt(y2)}"))
                out.append(f"    b{self.index[group.key]} [{_attrs(entry)}];")
            out.append("  }")
        return out

    def _banded(self) -> dict[str, tuple[str, str]]:
        """Bands whose units all have the same parent outside the band (the province's
        departments): band key → (that parent, the edge type)."""
        out: dict[str, tuple[str, str]] = {}
        for group in self.layout.order:
            units = {n.id for n in self.view.nodes if n.group == group.key and n.below is None}
            if len(units) < 2:
                continue
            sources = {
                (e.source, e.type)
                for e in self.view.edges
                if e.target in units and e.type in _HIERARCHY
            }
            if len(sources) != 1:
                continue
            source, kind = next(iter(sources))
            into = {e.target for e in self.view.edges if (e.source, e.type) == (source, kind)}
            if self.band_of.get(source) != group.key and units <= into:
                out[group.key] = (source, kind)
        return out

    def to_band(self, edge: ViewEdge) -> bool:
        """Whether an edge is drawn as its band's one arrow."""
        band = self.banded.get(self.band_of.get(edge.target) or "")
        below = next((n.below for n in self.view.nodes if n.id == edge.target), None)
        return band == (edge.source, edge.type) and below is None

    def band_edges(self) -> list[str]:
        out = []
        for key, (source, kind) in sorted(self.banded.items()):
            style, color = EDGE_STYLE.get(kind, ("solid", "#555555"))
            pairs = [("style", style), ("color", color)]
            pairs.append(("tooltip", escape_tooltip(edge_label(self.options.lang, kind))))
            out.append(f"  {self.ids[source]} -> b{self.index[key]} [{_attrs(pairs)}];")
        return out
