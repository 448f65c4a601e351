"""LikeC4: one `.c4` file with a specification (an element kind per eaf kind, a relationship
kind per graph edge type, the tags), the model (every element of the architecture, the
roadmap and the plateaus, with its description, tags, links and fields as metadata; every
edge of the graph as a relationship, an interconnection titled by its name with its protocol
as technology) and a view per eaf view. `likec4 validate` accepts it.

Element ids are eaf ids, made LikeC4 identifiers: '.' becomes '_', and an id that starts with
a digit or is a LikeC4 keyword gets an 'e-' prefix. Left out: the framework's own elements
(rules, KPIs, layers, categories, reference models, framework versions), mailto links, and the
per-element context views (LikeC4 draws `view of <id>` itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eaf.export.source import ExportSource
from eaf.export.table import main_table, to_cell
from eaf.i18n import edge_label, kind_label

KINDS = (
    "organization",
    "actor",
    "channel",
    "system",
    "data",
    "platform",
    "infrastructure",
    "service",
    "work_package",
    "decision",
    "plateau",
)
#: eaf kind → (LikeC4 shape, colour).
STYLE = {
    "organization": ("rectangle", "amber"),
    "actor": ("person", "green"),
    "channel": ("browser", "sky"),
    "system": ("rectangle", "primary"),
    "data": ("storage", "indigo"),
    "platform": ("queue", "red"),
    "infrastructure": ("rectangle", "gray"),
    "service": ("rectangle", "secondary"),
    "work_package": ("rectangle", "muted"),
    "decision": ("rectangle", "blue"),
    "plateau": ("rectangle", "slate"),
}
EDGES = (
    "owns",
    "parent",
    "part-of",
    "interconnection",
    "hosts",
    "uses",
    "holds",
    "serves",
    "deployed-to",
    "offered-by",
    "portal",
    "delivers",
    "succeeded-by",
    "issues",
    "governs",
)
DIRECTIONS = {"TB": "TopBottom", "LR": "LeftRight", "BT": "BottomTop", "RL": "RightLeft"}
#: Words the LikeC4 grammar reserves (from likec4 1.46's grammar), which ids must not be.
RESERVED = frozenset(
    """amber and autolayout blue border browser color crow cylinder dashed deployment
    deploymentnode description diagram diamond dot dotted dynamic element exclude extend extends
    from global gray green group head icon icons import include indigo instance instanceof is
    it kind large lg likec4 line link max md medium metadata min mobile model multiple muted
    navigateto node none not notation notes odiamond odot of onormal opacity open or padding
    par parallel person predicate primary queue rank rectangle red relationship rgb rgba same
    secondary sequence shape sink size sky slate sm small solid source specification storage
    style summary tag tail target technology textsize this title variant vee view views where
    with xl xlarge xs xsmall true false""".split()  # noqa: SIM905 - a list of words reads better
)


def ident(element_id: str) -> str:
    """A LikeC4 identifier for an eaf id."""
    name = element_id.replace(".", "_")
    if not re.match(r"[a-z]", name) or name in RESERVED:
        name = f"e-{name}"
    return name


def quote(text: str) -> str:
    """A LikeC4 single-quoted string holding `text` exactly."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _key(column: str) -> str:
    """A metadata key, relationship kind or view id: letters, digits and '_', no keyword."""
    key = re.sub(r"[^A-Za-z0-9_]", "_", column)
    return f"{key}_" if key.lower() in RESERVED else key


def _tag(tag: str) -> str:
    return tag.replace(".", "_")


def _lines(out: list[str], depth: int, lines: Iterable[str]) -> None:
    out.extend("  " * depth + line for line in lines)


def write(source: ExportSource) -> dict[str, bytes]:
    lang = source.lang
    elements = [e for e in source.elements() if e.kind in KINDS]
    names = {e.id: ident(e.id) for e in elements}
    if len(set(names.values())) != len(names):  # 'a.b' and 'a_b': keep both apart
        seen: set[str] = set()
        for element_id in sorted(names):
            name = names[element_id]
            while name in seen:
                name += "-x"
            names[element_id] = name
            seen.add(name)
    tags = sorted({_tag(t) for e in elements for t in e.spec.tags})
    out = [
        f"// {source.title}: exported by eaf (eaf export likec4); edit the YAML models instead.",
        "specification {",
    ]
    for kind in KINDS:
        shape, color = STYLE[kind]
        _lines(
            out,
            1,
            [
                f"element {kind} {{",
                f"  notation {quote(kind_label(lang, kind))}",
                "  style {",
                f"    shape {shape}",
                f"    color {color}",
                "  }",
                "}",
            ],
        )
    for edge in EDGES:
        _lines(out, 1, [f"relationship {_key(edge)}"])
    _lines(out, 1, [f"tag {t}" for t in tags])
    out += ["}", "", "model {"]
    for element in elements:
        out.extend(_element(source, element, names[element.id]))
    for src, dst, key, attrs in sorted(
        source.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])
    ):
        edge = str(attrs.get("type"))
        if edge not in EDGES or src not in names or dst not in names:
            continue
        out.extend(_relationship(source, edge, key, names[src], names[dst]))
    out += ["}", "", "views {"]
    for drawn in sorted(source.views, key=lambda d: d.view.id):
        view = drawn.view
        shown = sorted({names[n.element] for n in view.nodes if n.element in names})
        if not shown:
            continue
        body = [f"title {quote(view.title)}"]
        body += [f"include {name}" for name in shown]
        body.append(f"autoLayout {DIRECTIONS.get(view.direction, 'TopBottom')}")
        _lines(out, 1, [f"view {_key(view.id)} {{", *("  " + b for b in body), "}"])
    out.append("}")
    return {"eaf.c4": ("\n".join(out) + "\n").encode("utf-8")}


def _element(source: ExportSource, element: object, name: str) -> list[str]:
    from eaf.model import Element

    assert isinstance(element, Element)
    spec = element.spec
    body: list[str] = []
    if spec.tags:
        body.append(" ".join(f"#{_tag(t)}" for t in spec.tags))
    if spec.name_en:
        body.append(f"summary {quote(spec.name_en)}")
    if spec.description:
        body.append(f"description {quote(spec.description)}")
    for link in spec.links:
        if link.url.lower().startswith(("http://", "https://")):
            body.append(f"link {link.url} {quote(link.title)}")
    data = source.data(element)
    metadata = [f"eaf_id {quote(element.id)}"]
    for column in main_table(element.kind).columns:
        if column.key in ("id", "name", "name_en", "description", "tags"):
            continue
        value: object = data
        for part in column.path:
            value = value.get(part) if isinstance(value, dict) else None
        cell = to_cell(value, column.form)
        if cell is None:
            continue
        text = ("true" if cell else "false") if isinstance(cell, bool) else str(cell)
        metadata.append(f"{_key(column.key)} {quote(text)}")
    body += ["metadata {", *("  " + m for m in metadata), "}"]
    lines = [f"{element.kind} {name} {quote(spec.name)} {{", *("  " + b for b in body), "}"]
    return ["  " + line for line in lines]


def _relationship(source: ExportSource, edge: str, key: str, src: str, dst: str) -> list[str]:
    head = f"{src} -[{_key(edge)}]-> {dst}"
    if edge != "interconnection":
        return [f"  {head} {quote(edge_label(source.lang, edge))}"]
    element = source.model.elements[key]
    spec = element.spec
    body: list[str] = []
    protocol = element.value("protocol")
    if protocol:
        body.append(f"technology {quote(str(protocol))}")
    if spec.description:
        body.append(f"description {quote(spec.description)}")
    metadata = [f"eaf_id {quote(element.id)}"]
    via = element.value("via") or []
    if via:
        metadata.append(f"via {quote(', '.join(via))}")
    data = element.value("data") or []
    if data:
        metadata.append(f"data {quote('; '.join(data))}")
    body += ["metadata {", *("  " + m for m in metadata), "}"]
    return [f"  {head} {quote(spec.name)} {{", *("    " + b for b in body), "  }"]
