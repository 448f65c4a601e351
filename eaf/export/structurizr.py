"""Structurizr: `workspace.json` (the workspace JSON format Structurizr's tools load, valid
against the `Workspace` schema of structurizr/json's `structurizr.yaml`) and `workspace.dsl`
(the same model in the Structurizr DSL; not checked here: no DSL parser installs offline).

- People: actors, and organisations (tagged 'Organisation'; national bodies 'External').
- Software systems: systems, platforms, channels and procedures (tagged 'System',
  'Platform', 'Channel', 'Service'); data held by a system is a container of it (tagged
  'Database'), other data a software system tagged 'Database'.
- Deployment nodes: infrastructure (environment 'eaf'), each with an instance of the systems
  and platforms hosted on it.
- Relationships: every edge of the graph between two of these, described by its relation (an
  interconnection by its name, with its protocol as technology and its route as a property).
- Views: a system landscape view per eaf view, elements where Graphviz placed them.

Left out: work packages, plateaus and the framework's own elements (rules, KPIs, layers…),
lifecycles and dated changes (the workspace is one state: export `--at` a date for another).
Ids are eaf ids.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from eaf.export.source import ExportSource
from eaf.i18n import edge_label, tr
from eaf.model import Element

PERSON_KINDS = ("actor", "organization")
SYSTEM_KINDS = ("system", "platform", "channel", "service", "data")
TAG_OF_KIND = {
    "actor": "Actor",
    "organization": "Organisation",
    "system": "System",
    "platform": "Platform",
    "channel": "Channel",
    "service": "Service",
    "data": "Database",
    "infrastructure": "Infrastructure",
}
ENVIRONMENT = "eaf"
RANK = {"TB": "TopBottom", "BT": "BottomTop", "LR": "LeftRight", "RL": "RightLeft"}
EDGES = frozenset(
    {
        "owns",
        "parent",
        "part-of",
        "interconnection",
        "uses",
        "holds",
        "serves",
        "deployed-to",
        "offered-by",
        "portal",
        "succeeded-by",
    }
)


def _note(source: ExportSource) -> str:
    date = source.model.date
    return tr(source.lang, "export.at", date=date) if date else tr(source.lang, "export.written")


def _location(element: Element) -> str:
    return "External" if element.value("level") == "national" else "Internal"


def _tags(element: Element, base: str) -> str:
    return ",".join([base, TAG_OF_KIND[element.kind], *element.spec.tags])


def _properties(element: Element) -> dict[str, str]:
    out = {"eaf:id": element.id, "eaf:kind": element.kind}
    if element.spec.name_en:
        out["name_en"] = element.spec.name_en
    return out


def _base(element: Element, base: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": element.id, "name": element.spec.name}
    if element.spec.description:
        data["description"] = " ".join(element.spec.description.split())
    data["tags"] = _tags(element, base)
    links = [link.url for link in element.spec.links if link.url.startswith(("http:", "https:"))]
    if links:
        data["url"] = links[0]
    data["properties"] = _properties(element)
    return data


class _Workspace:
    def __init__(self, source: ExportSource) -> None:
        self.source = source
        model = source.model
        self.people = [e for e in source.elements() if e.kind in PERSON_KINDS]
        holders: dict[str, list[Element]] = {}
        self.systems: list[Element] = []
        for e in source.elements():
            if e.kind not in SYSTEM_KINDS:
                continue
            holder = e.value("system") if e.kind == "data" else None
            if holder and holder in model.elements:
                holders.setdefault(str(holder), []).append(e)
            else:
                self.systems.append(e)
        self.containers = holders
        self.nodes = [e for e in source.elements() if e.kind == "infrastructure"]
        self.known = {e.id for e in self.people} | {e.id for e in self.systems}
        self.known |= {d.id for items in holders.values() for d in items}
        self.in_views = {e.id for e in self.people} | {e.id for e in self.systems}

    def relationships(self) -> dict[str, list[dict[str, Any]]]:
        """Relationships by their source element."""
        out: dict[str, list[dict[str, Any]]] = {}
        lang = self.source.lang
        for src, dst, key, attrs in sorted(
            self.source.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])
        ):
            edge = str(attrs.get("type"))
            if edge not in EDGES or src not in self.known or dst not in self.known:
                continue
            rel: dict[str, Any] = {
                "id": f"r-{src}--{key.replace(':', '.')}--{dst}",
                "sourceId": src,
                "destinationId": dst,
                "description": edge_label(lang, edge),
                "tags": f"Relationship,{edge}",
            }
            if edge == "interconnection":
                element = self.source.model.elements[key]
                rel["description"] = element.spec.name
                protocol = element.value("protocol")
                if protocol:
                    rel["technology"] = str(protocol)
                props = {"eaf:id": element.id}
                via = element.value("via") or []
                if via:
                    props["via"] = ", ".join(via)
                rel["properties"] = props
            out.setdefault(src, []).append(rel)
        return out

    def json(self) -> dict[str, Any]:
        rels = self.relationships()
        people = []
        for e in self.people:
            data = _base(e, "Element,Person")
            data["location"] = _location(e)
            if e.id in rels:
                data["relationships"] = rels[e.id]
            people.append(data)
        systems = []
        for e in self.systems:
            data = _base(e, "Element,Software System")
            data["location"] = _location(e)
            held = self.containers.get(e.id, [])
            if held:
                containers = []
                for d in held:
                    c = _base(d, "Element,Container")
                    if d.id in rels:
                        c["relationships"] = rels[d.id]
                    containers.append(c)
                data["containers"] = containers
            if e.id in rels:
                data["relationships"] = rels[e.id]
            systems.append(data)
        nodes = []
        for e in self.nodes:
            data = _base(e, "Element,Deployment Node")
            data["environment"] = ENVIRONMENT
            hosted = sorted(
                dst
                for _, dst, attrs in self.source.graph.out_edges(e.id, data=True)
                if attrs.get("type") == "hosts" and dst in {s.id for s in self.systems}
            )
            if hosted:
                data["softwareSystemInstances"] = [
                    {
                        "id": f"{e.id}--{system}",
                        "softwareSystemId": system,
                        "environment": ENVIRONMENT,
                        "instanceId": 1,
                        "tags": "Software System Instance",
                    }
                    for system in hosted
                ]
            nodes.append(data)
        model: dict[str, Any] = {"enterprise": {"name": self.source.title}}
        if people:
            model["people"] = people
        if systems:
            model["softwareSystems"] = systems
        if nodes:
            model["deploymentNodes"] = nodes
        return {
            "name": self.source.title,
            "description": _note(self.source),
            "model": model,
            "views": self.views(rels),
        }

    def views(self, rels: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        landscapes = []
        for order, drawn in enumerate(sorted(self.source.views, key=lambda d: d.view.id), 1):
            view, layout = drawn.view, drawn.layout
            shown = {
                n.element: n.id
                for n in view.nodes
                if n.element is not None and n.element in self.in_views
            }
            elements = []
            for element_id in sorted(shown):
                item: dict[str, Any] = {"id": element_id}
                if layout is not None and shown[element_id] in layout.nodes:
                    box = layout.nodes[shown[element_id]]
                    item["x"], item["y"] = box.x, box.y
                elements.append(item)
            relationships = [
                {"id": r["id"]}
                for source in sorted(shown)
                for r in rels.get(source, [])
                if r["destinationId"] in shown
            ]
            entry: dict[str, Any] = {
                "key": view.id,
                "order": order,
                "title": view.title,
                "elements": elements,
                "relationships": relationships,
            }
            if layout is None:
                entry["automaticLayout"] = {
                    "rankDirection": RANK.get(view.direction, "TopBottom"),
                    "rankSeparation": 300,
                    "nodeSeparation": 300,
                    "edgeSeparation": 0,
                    "vertices": False,
                }
            landscapes.append(entry)
        styles = [
            {"tag": "Person", "shape": "Person"},
            {"tag": "Database", "shape": "Cylinder"},
            {"tag": "Platform", "shape": "Pipe"},
            {"tag": "Organisation", "shape": "RoundedBox", "background": "#f5f0e6"},
        ]
        return {
            "systemLandscapeViews": landscapes,
            "configuration": {"styles": {"elements": styles}},
        }


# --- DSL -----------------------------------------------------------------------------------------


def dsl_string(text: str) -> str:
    """A DSL string: one line, double quotes and backslashes escaped."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _names(ids: Iterable[str]) -> dict[str, str]:
    """DSL identifiers (a-z, 0-9, _) for eaf ids, unique."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for element_id in sorted(ids):
        name = re.sub(r"[^a-z0-9_]", "_", element_id)
        if not name[:1].isalpha():
            name = f"e_{name}"
        while name in taken:
            name += "_"
        taken.add(name)
        out[element_id] = name
    return out


def dsl(workspace: _Workspace, data: dict[str, Any]) -> str:
    source = workspace.source
    names = _names(workspace.known | {e.id for e in workspace.nodes})
    out = [
        f"workspace {dsl_string(source.title)} {dsl_string(_note(source))} {{",
        "    model {",
    ]

    def element(keyword: str, item: dict[str, Any], depth: int) -> list[str]:
        pad = "    " * depth
        parts = [dsl_string(item["name"]), dsl_string(item.get("description", ""))]
        if keyword == "container":
            parts.append(dsl_string(""))
        parts.append(dsl_string(item["tags"]))
        return [f"{pad}{names[item['id']]} = {keyword} {' '.join(parts)}"]

    for item in data["model"].get("people", []):
        out += element("person", item, 2)
    for item in data["model"].get("softwareSystems", []):
        line = element("softwareSystem", item, 2)
        if item.get("containers"):
            out.append(line[0] + " {")
            for c in item["containers"]:
                out += element("container", c, 3)
            out.append("        }")
        else:
            out += line
    for rels in workspace.relationships().values():
        for r in rels:
            parts = [dsl_string(r["description"]), dsl_string(r.get("technology", ""))]
            parts.append(dsl_string(r["tags"].removeprefix("Relationship,")))
            out.append(
                f"        {names[r['sourceId']]} -> {names[r['destinationId']]} {' '.join(parts)}"
            )
    nodes = data["model"].get("deploymentNodes", [])
    if nodes:
        out.append(f"        deploymentEnvironment {dsl_string(ENVIRONMENT)} {{")
        for node in nodes:
            head = f"            {names[node['id']]} = deploymentNode {dsl_string(node['name'])}"
            out.append(f"{head} {dsl_string(node.get('description', ''))} {dsl_string('')} {{")
            for instance in node.get("softwareSystemInstances", []):
                out.append(
                    f"                softwareSystemInstance {names[instance['softwareSystemId']]}"
                )
            out.append("            }")
        out.append("        }")
    out += ["    }", "", "    views {"]
    for view in data["views"]["systemLandscapeViews"]:
        key = re.sub(r"[^A-Za-z0-9_-]", "_", view["key"])
        out.append(f"        systemLandscape {dsl_string(key)} {dsl_string(view['title'])} {{")
        shown = " ".join(names[e["id"]] for e in view["elements"])
        if shown:
            out.append(f"            include {shown}")
        out.append("            autoLayout")
        out.append("        }")
    out.append("        styles {")
    for style in data["views"]["configuration"]["styles"]["elements"]:
        out.append(f"            element {dsl_string(style['tag'])} {{")
        out.append(f"                shape {style['shape']}")
        if "background" in style:
            out.append(f"                background {style['background']}")
        out.append("            }")
    out += ["        }", "    }", "}"]
    return "\n".join(out) + "\n"


def write(source: ExportSource) -> dict[str, bytes]:
    workspace = _Workspace(source)
    data = workspace.json()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return {
        "workspace.json": text.encode("utf-8"),
        "workspace.dsl": dsl(workspace, data).encode("utf-8"),
    }
