"""Mermaid: a flowchart per eaf view (`<view>.mmd`: its groups as subgraphs, a shape per kind,
an edge per relation it draws) and a C4 context diagram per element (`context/<id>.mmd`: the
element and its neighbours one hop away, as C4 people, systems, databases and queues), ready for
wikis and READMEs (GitHub and GitLab render ```mermaid blocks). `README.md` lists them.

Model text is written as Mermaid entity codes where it could be read as syntax (quotes,
brackets, '#', '<', '&'…), so every name shows literally; nodes have synthetic ids (n1, n2…,
in the order of element ids), so the same model gives the same files. No click handlers or
links are written.
"""

from __future__ import annotations

import json

from eaf.export.source import DrawnView, ExportSource
from eaf.i18n import edge_label
from eaf.views import ComputedView

#: eaf kind → Mermaid flowchart shape (opening, closing).
SHAPES = {
    "organization": ("(", ")"),
    "actor": ("([", "])"),
    "channel": ("[/", "/]"),
    "system": ("[", "]"),
    "data": ("[(", ")]"),
    "platform": ("{{", "}}"),
    "infrastructure": ("[[", "]]"),
    "service": (">", "]"),
    "work_package": ("[\\", "/]"),
    "decision": ("[/", "/]"),
    "plateau": ("[/", "\\]"),
}
ARROWS = {
    "interconnection": "-->",
    "uses": "-.->",
    "delivers": "-.->",
    "parent": "-->",
    "part-of": "-.->",
    "holds": "-.->",
    "hosts": "-.->",
    "portal": "-.->",
    "deployed-to": "-.->",
    "offered-by": "-.->",
}
#: eaf kind → Mermaid C4 element (national elements use the _Ext form where there is one).
C4 = {
    "actor": "Person",
    "organization": "Person",
    "data": "SystemDb",
    "platform": "SystemQueue",
}
_ENTITIES = {c: f"#{ord(c)};" for c in '#"&<>[]{}()|`\\%;:'}


def text(value: str) -> str:
    """Model text made literal for Mermaid: specials as entity codes, one line."""
    flat = " ".join(value.split())
    return "".join(_ENTITIES.get(c, c) for c in flat)


def c4_text(value: str) -> str:
    """Model text for a C4 string: C4 diagrams show entity codes as written, so only the
    double quote, which would end the string, is replaced (by an apostrophe)."""
    return " ".join(value.split()).replace('"', "'")


def c4_title(value: str) -> str:
    """A C4 title runs to the end of its line and stops at '#' or ';': those two are written
    as their full-width forms."""
    return " ".join(value.split()).replace("#", "\uff03").replace(";", "\uff1b")


def _ids(view: ComputedView) -> dict[str, str]:
    return {n.id: f"n{i}" for i, n in enumerate(sorted(view.nodes, key=lambda n: n.id), 1)}


def flowchart(view: ComputedView) -> str:
    ids = _ids(view)
    out = ["---", f"title: {json.dumps(view.title, ensure_ascii=False)}", "---"]
    out.append(
        f"flowchart {view.direction if view.direction in ('TB', 'LR', 'BT', 'RL') else 'TB'}"
    )
    members: dict[str | None, list[str]] = {}
    known = {g.key for g in view.groups}
    for node in sorted(view.nodes, key=lambda n: n.id):
        members.setdefault(node.group if node.group in known else None, []).append(node.id)
    nodes = {n.id: n for n in view.nodes}

    def shape(node_id: str) -> str:
        node = nodes[node_id]
        start, end = SHAPES.get(node.kind, ("[", "]"))
        return f'{ids[node_id]}{start}"{text(node.label)}"{end}'

    for index, group in enumerate(view.groups, 1):
        inside = members.pop(group.key, [])
        if not inside:
            continue
        out.append(f'  subgraph g{index}["{text(group.label)}"]')
        out.extend(f"    {shape(n)}" for n in inside)
        out.append("  end")
    out.extend(f"  {shape(n)}" for n in members.pop(None, []))
    for edge in view.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        arrow = ARROWS.get(edge.type, "-->")
        label = str(edge.count) if edge.count > 1 else edge.label
        middle = f'{arrow}|"{text(label)}"|' if label else arrow
        out.append(f"  {ids[edge.source]} {middle} {ids[edge.target]}")
    return "\n".join(out) + "\n"


def context(view: ComputedView, source: ExportSource) -> str:
    ids = _ids(view)
    out = ["C4Context", f"  title {c4_title(view.title)}"]
    for node in sorted(view.nodes, key=lambda n: n.id):
        element = source.model.elements.get(node.element) if node.element else None
        macro = C4.get(node.kind, "System")
        if element is not None and element.value("level") == "national" and macro != "SystemQueue":
            macro += "_Ext"
        detail = ""
        if element is not None and element.spec.name_en:
            detail = element.spec.name_en
        out.append(f'  {macro}({ids[node.id]}, "{c4_text(node.label)}", "{c4_text(detail)}")')
    for edge in view.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        label = (
            str(edge.count)
            if edge.count > 1
            else (edge.label or edge_label(source.lang, edge.type))
        )
        out.append(f'  Rel({ids[edge.source]}, {ids[edge.target]}, "{c4_text(label)}")')
    return "\n".join(out) + "\n"


def _md(value: str) -> str:
    """Text shown literally in Markdown."""
    flat = " ".join(value.split())
    return "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!|<>&" else c for c in flat)


def _index(source: ExportSource, views: list[DrawnView], contexts: list[DrawnView]) -> str:
    lines = [f"# {_md(source.title)}", ""]
    lines += [f"- [{_md(d.view.title)}]({d.view.id}.mmd)" for d in views]
    if contexts:
        lines.append("")
        for d in contexts:
            name = d.view.id.removeprefix("context-")
            lines.append(f"- [{_md(d.view.title)}](context/{name}.mmd)")
    return "\n".join(lines) + "\n"


def write(source: ExportSource) -> dict[str, bytes]:
    views = sorted(source.views, key=lambda d: d.view.id)
    contexts = sorted(source.contexts, key=lambda d: d.view.id)
    files = {f"{d.view.id}.mmd": flowchart(d.view).encode("utf-8") for d in views}
    for d in contexts:
        name = d.view.id.removeprefix("context-")
        files[f"context/{name}.mmd"] = context(d.view, source).encode("utf-8")
    files["README.md"] = _index(source, views, contexts).encode("utf-8")
    return files
