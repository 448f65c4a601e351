"""Computed view → DOT text. Pure and deterministic: sorted, synthetic node ids (n1, n2, …),
attributes in a fixed order, every text escaped so that it renders literally.

Model text never becomes DOT syntax: labels are quoted strings with backslashes and quotes
escaped (so `\\N`, `"`, `<…>`, `:` and record characters show as written), node ids are
synthetic (no ports), and URLs are eaf's own relative links.

A view grouped by layer is drawn as the framework's layer cake: each main layer a band of rows
(`rank=same`), stacked in the layers' order, with side bands (security, governance, external
systems, the national block) standing beside the whole height.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from eaf.i18n import edge_label, kind_label, tr
from eaf.views import ComputedView, ViewGroup, ViewNode

FONT = "Noto Sans"
LABEL_MAX = 200
WRAP = 26
ROW = 6  # nodes per row inside a layer band

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
_LEGEND_ATTRS = [("style", "rounded"), ("color", "#cfd8dc"), ("fontsize", "11")]


def escape(text: str) -> str:
    """A DOT quoted string's content that renders exactly ``text``."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Greedy word wrap; long words stay whole."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines or [""]


def label(text: str, width: int = WRAP) -> str:
    """Escaped, shortened and wrapped: lines joined with DOT's centred line break."""
    return "\\n".join(escape(line) for line in wrap(shorten(text), width))


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f'{k}="{v}"' for k, v in pairs)


@dataclass(frozen=True, slots=True)
class DotOptions:
    lang: str = "vi"
    link_prefix: str = "../elements/"
    """Relative URL of element pages; a node links to ``{link_prefix}{id}{link_suffix}``."""
    legend: bool = True
    link_suffix: str = "/"


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
        ("tooltip", escape(shorten(node.tooltip, 600))),
    ]
    if node.element is not None:
        pairs.append(("URL", escape(f"{options.link_prefix}{node.element}{options.link_suffix}")))
        pairs.append(("target", "_top"))
    # A view's own styles replace the kind's look attribute by attribute.
    overrides = dict(node.style)
    for key in ("color", "fillcolor", "shape", "style"):
        if key in overrides:
            overrides[key] = escape(overrides[key])
    return [(k, overrides.pop(k, v)) for k, v in pairs] + sorted(overrides.items())


def _graph_attrs(view: ComputedView) -> list[tuple[str, str]]:
    return [
        ("label", label(view.title, 60)),
        ("labelloc", "t"),
        ("fontsize", "20"),
        ("fontname", FONT),
        ("rankdir", view.direction),
        ("newrank", "true"),
        ("nodesep", "0.3"),
        ("ranksep", "0.5"),
        ("tooltip", escape(view.title)),
    ]


def _cluster_attrs(group: ViewGroup) -> list[tuple[str, str]]:
    fill = "#f3f6f9" if group.side else "#fafafa"
    return [
        ("label", label(group.label, 40)),
        ("style", "rounded,filled"),
        ("fillcolor", fill),
        ("color", "#b0bec5"),
        ("fontsize", "13"),
        ("labeljust", "l"),
    ]


def to_dot(view: ComputedView, options: DotOptions | None = None) -> str:
    options = options or DotOptions()
    nodes = sorted(view.nodes, key=lambda n: n.id)
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes, 1)}
    out = [
        "digraph eaf {",
        f"  graph [{_attrs(_graph_attrs(view))}];",
        f"  node [{_attrs([('fontname', FONT), ('fontsize', '11'), ('margin', '0.12,0.06')])}];",
        f"  edge [{_attrs([('fontname', FONT), ('fontsize', '9'), ('arrowsize', '0.7')])}];",
    ]
    members: dict[str | None, list[ViewNode]] = {}
    for node in nodes:
        members.setdefault(node.group, []).append(node)
    layered = any(g.key.startswith("layer:") for g in view.groups)
    rows = _rows(view, members) if layered else []
    for index, group in enumerate(view.groups, 1):
        out.append(f"  subgraph cluster_{index} {{")
        out.append(f"    graph [{_attrs(_cluster_attrs(group))}];")
        for node in members.pop(group.key, []):
            out.append(f"    {ids[node.id]} [{_attrs(node_attrs(node, options))}];")
        if layered and group.side:
            # Invisible points, one per row, make a side band as tall as the layer cake.
            for r in range(len(rows)):
                out.append(f'    s{index}_{r} [label="", shape="point", style="invis", width="0"];')
        elif layered and not any(n.group == group.key for n in nodes):
            out.append(f'    e{index} [label="", shape="point", style="invis", width="0"];')
        out.append("  }")
    for group_key in sorted(members, key=str):
        for node in members[group_key]:
            out.append(f"  {ids[node.id]} [{_attrs(node_attrs(node, options))}];")
    if layered:
        out.extend(_layer_cake(view, rows, ids))
    for rank in view.ranks:
        same = [ids[n] for n in rank if n in ids]
        if len(same) > 1:
            out.append(f"  {{ rank=same; {'; '.join(same)}; }}")
    for edge in view.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        style, color = EDGE_STYLE.get(edge.type, ("solid", "#555555"))
        if edge.state == "planned":
            style = "dashed"
        elif edge.state == "retired":
            color = "#9e9e9e"
        tooltip = escape(edge_label(options.lang, edge.type))
        pairs = [("style", style), ("color", color), ("tooltip", tooltip)]
        if edge.count > 1:
            pairs += [("label", str(edge.count)), ("penwidth", "1.6")]
        elif edge.label:
            pairs.append(("label", label(edge.label)))
        out.append(f"  {ids[edge.source]} -> {ids[edge.target]} [{_attrs(pairs)}];")
    if options.legend:
        out.extend(_legend(view, options))
    out.append("}")
    return "\n".join(out) + "\n"


def _rows(view: ComputedView, members: dict[str | None, list[ViewNode]]) -> list[list[str]]:
    """The rows of the layer cake: each main layer's nodes, ROW at a time, in layer order; a
    side block's nodes join the rows of their own layer."""
    rows: list[list[str]] = []
    first_row: dict[str, int] = {}
    for index, group in enumerate(view.groups, 1):
        if group.side:
            continue
        names = [n.id for n in members.get(group.key, [])]
        first_row[group.key] = len(rows)
        if not names:
            rows.append([f"e{index}"])
            continue
        for start in range(0, len(names), ROW):
            rows.append(names[start : start + ROW])
    for group in view.groups:
        if not group.side:
            continue
        for node in members.get(group.key, []):
            row = first_row.get(node.layer or "")
            if row is not None:
                rows[row].append(node.id)
    return rows


def _layer_cake(view: ComputedView, rows: list[list[str]], ids: dict[str, str]) -> list[str]:
    out = []
    side_index = [i for i, g in enumerate(view.groups, 1) if g.side]
    heads = []
    for r, row in enumerate(rows):
        names = [ids.get(name, name) for name in row] + [f"s{i}_{r}" for i in side_index]
        out.append(f"  {{ rank=same; {'; '.join(names)}; }}")
        heads.append(names[0])
    # Stack the rows: an invisible, heavy edge from each row to the next.
    for a, b in itertools.pairwise(heads):
        out.append(f'  {a} -> {b} [style="invis", weight="50"];')
    for i in side_index:
        for r in range(len(rows) - 1):
            out.append(f'  s{i}_{r} -> s{i}_{r + 1} [style="invis"];')
    return out


def _legend(view: ComputedView, options: DotOptions) -> list[str]:
    kinds = sorted({n.kind for n in view.nodes})
    states = sorted({n.state for n in view.nodes} - {"active"})
    if not kinds:
        return []
    title = [("label", escape(tr(options.lang, "diagram.legend")))]
    out = ["  subgraph cluster_legend {", f"    graph [{_attrs(_LEGEND_ATTRS + title)}];"]
    for i, kind in enumerate(kinds, 1):
        shape, fill, line = KIND_STYLE.get(kind, DEFAULT_STYLE)
        text = kind_label(options.lang, kind)
        pairs = [("label", label(text)), ("shape", shape), ("style", "filled")]
        pairs += [("fillcolor", fill), ("color", line), ("fontsize", "9")]
        out.append(f"    legend_{i} [{_attrs(pairs)}];")
    for j, state in enumerate(states, len(kinds) + 1):
        style = "filled,dashed" if state == "planned" else "filled"
        fill = "#eeeeee" if state == "retired" else "#ffffff"
        pairs = [("label", label(tr(options.lang, f"diagram.legend.{state}"))), ("shape", "box")]
        pairs += [("style", style), ("fillcolor", fill), ("color", "#9e9e9e"), ("fontsize", "9")]
        out.append(f"    legend_{j} [{_attrs(pairs)}];")
    count = len(kinds) + len(states)
    if count > 1:
        chain = " -> ".join(f"legend_{i}" for i in range(1, count + 1))
        out.append(f'    {chain} [style="invis"];')
    out.append("  }")
    return out
