"""ArchiMate: the Open Group ArchiMate 3.1 Model Exchange File (what Archi, BiZZdesign and
other modellers import), valid against `archimate3_Diagram.xsd`.

- Elements: each eaf element as the ArchiMate concept `concept_of` names (see `CONCEPTS`),
  its Vietnamese name, its English name (`xml:lang="en"`), its description as documentation,
  and its other fields as properties named like the columns of eaf's tables (`level`,
  `lifecycle.active`, `deployment.1.select`…; eaf.export.table), so `eaf import archimate`
  reads the element back as it was.
- Relationships: every typed edge of the graph as the first relationship type of its
  preferences (`EDGES`) that ArchiMate allows between the two concepts (Archi's
  `relationships.xml`), else an association; an interconnection is a flow (an access when
  one end is data) carrying its own fields.
- Organizations: a folder per ArchiMate layer, in it a folder per eaf kind.
- Views: each eaf view as a diagram, shapes where Graphviz placed them, groups as containers,
  edges as the relationships they draw (a route through a platform, which is no relationship,
  as a line).

Identifiers come from eaf ids (`id-so-tttt`, `v-tong-the`), so the same model gives the same
file. "ArchiMate" is a registered trademark of The Open Group.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from lxml import etree

from eaf.export.source import DrawnView, ExportSource
from eaf.export.table import Cell, Rows, kinds, to_rows
from eaf.i18n import edge_label, kind_plural, tr
from eaf.model import Element

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
KIND_PROPERTY = "eaf:kind"
BUILTIN_PROPERTY = "eaf:builtin"
NOT_PROPERTIES = frozenset({"id", "name", "name_en", "description"})

#: eaf kind → ArchiMate concept; some kinds depend on a field (see `concept_of`).
CONCEPTS: dict[str, str] = {
    "organization": "BusinessActor",
    "actor": "BusinessRole",
    "channel": "ApplicationInterface",
    "system": "ApplicationComponent",
    "platform": "ApplicationComponent",
    "data": "DataObject",
    "infrastructure": "Node",
    "service": "BusinessService",
    "work_package": "WorkPackage",
    "decision": "Requirement",
    "plateau": "Plateau",
    "kpi": "Goal",
    "rule": "Principle",
    "framework": "Grouping",
    "reference_model": "Grouping",
    "layer": "Grouping",
    "category": "Grouping",
}
#: (kind, field, value) → the concept instead of the kind's.
CONCEPT_BY_VALUE: dict[tuple[str, str, str], str] = {
    ("channel", "type", "counter"): "BusinessInterface",
    ("channel", "type", "hotline"): "BusinessInterface",
    ("channel", "type", "postal"): "BusinessInterface",
    ("channel", "type", "other"): "BusinessInterface",
    ("platform", "category", "lgsp"): "SystemSoftware",
    ("platform", "category", "ngsp"): "SystemSoftware",
    ("platform", "category", "document-axis"): "SystemSoftware",
    ("platform", "category", "data-platform"): "SystemSoftware",
    ("infrastructure", "category", "network"): "CommunicationNetwork",
    ("infrastructure", "category", "lan"): "CommunicationNetwork",
    ("kpi", "type", "reported"): "Assessment",
}
#: Graph edge type → relationship types in order of preference (the first ArchiMate allows
#: between the two concepts is used; association otherwise). Edges not listed are not
#: exported (`via` is a field of its interconnection, `extends` joins two views).
EDGES: dict[str, tuple[str, ...]] = {
    "owns": ("Association",),
    "parent": ("Aggregation", "Composition"),
    "part-of": ("Composition", "Aggregation"),
    "interconnection": ("Flow", "Serving", "Triggering"),
    "hosts": ("Serving", "Realization"),
    "uses": ("Serving",),
    "holds": ("Access",),
    "serves": ("Serving",),
    "deployed-to": ("Serving",),
    "offered-by": ("Assignment", "Realization"),
    "portal": ("Realization", "Serving"),
    "delivers": ("Realization",),
    "succeeded-by": ("Association",),
    "includes": ("Aggregation",),
    "issues": ("Association",),
    "governs": ("Association",),
}
LETTERS = {
    "a": "Access",
    "c": "Composition",
    "f": "Flow",
    "g": "Aggregation",
    "i": "Assignment",
    "n": "Influence",
    "o": "Association",
    "r": "Realization",
    "s": "Specialization",
    "t": "Triggering",
    "v": "Serving",
}
#: ArchiMate concept → the folder Archi keeps it in.
_LAYER_PREFIXES = (
    ("Business", "business"),
    ("Contract", "business"),
    ("Representation", "business"),
    ("Product", "business"),
    ("Application", "application"),
    ("DataObject", "application"),
    ("Node", "technology"),
    ("Device", "technology"),
    ("SystemSoftware", "technology"),
    ("Technology", "technology"),
    ("CommunicationNetwork", "technology"),
    ("Path", "technology"),
    ("Artifact", "technology"),
    ("Equipment", "technology"),
    ("Facility", "technology"),
    ("Material", "technology"),
    ("DistributionNetwork", "technology"),
    ("Stakeholder", "motivation"),
    ("Driver", "motivation"),
    ("Assessment", "motivation"),
    ("Goal", "motivation"),
    ("Outcome", "motivation"),
    ("Principle", "motivation"),
    ("Requirement", "motivation"),
    ("Constraint", "motivation"),
    ("Meaning", "motivation"),
    ("Value", "motivation"),
    ("Resource", "strategy"),
    ("Capability", "strategy"),
    ("CourseOfAction", "strategy"),
    ("ValueStream", "strategy"),
    ("WorkPackage", "implementation"),
    ("Deliverable", "implementation"),
    ("ImplementationEvent", "implementation"),
    ("Plateau", "implementation"),
    ("Gap", "implementation"),
)
#: Archi's folders, in its order, with their labels' message ids.
FOLDERS = {
    "strategy": "export.folder.strategy",
    "business": "export.folder.business",
    "application": "export.folder.application",
    "technology": "export.folder.technology",
    "motivation": "export.folder.motivation",
    "implementation": "export.folder.implementation",
    "other": "export.folder.other",
}


def folder_of(concept: str) -> str:
    return next((f for p, f in _LAYER_PREFIXES if concept.startswith(p)), "other")


@functools.cache
def allowed() -> dict[tuple[str, str], frozenset[str]]:
    """(source concept, target concept) → the relationship types ArchiMate allows."""
    data = (files("eaf") / "data" / "archimate" / "relationships.xml").read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    out: dict[tuple[str, str], frozenset[str]] = {}
    for source in root.iter("source"):
        for target in source.iter("target"):
            letters = target.get("relations") or ""
            out[(source.get("concept") or "", target.get("concept") or "")] = frozenset(
                LETTERS[c] for c in letters if c in LETTERS
            )
    return out


def concept_of(element: Element) -> str | None:
    """The ArchiMate concept of an element; None for a view (drawn as a diagram) and an
    interconnection (a relationship)."""
    for (kind, key, value), concept in CONCEPT_BY_VALUE.items():
        if element.kind == kind and str(element.value(key)) == value:
            return concept
    return CONCEPTS.get(element.kind)


def relationship_type(edge: str, source: str, target: str) -> str:
    """The relationship drawn for a graph edge between two concepts."""
    permitted = allowed().get((source, target), frozenset())
    for candidate in EDGES.get(edge, ()):
        if candidate in permitted:
            return candidate
    return "Association"


def _text(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell)


def element_properties(rows: Rows, index: int) -> list[tuple[str, str]]:
    """An element's fields as (property, value): its main row's cells by column, then its
    child rows as `<field>.<n>.<column>` (n counted from 1 within the element)."""
    header = rows.header()
    row = rows.rows[index]
    out = [
        (key, _text(cell))
        for key, cell in zip(header, row, strict=True)
        if cell is not None and key not in NOT_PROPERTIES
    ]
    element_id = row[0]
    for table, child in rows.children:
        number = 0
        keys = [c.key for c in table.columns]
        for child_row in child:
            if child_row[0] != element_id:
                continue
            number += 1
            for key, cell in zip(keys[1:], child_row[1:], strict=True):
                if cell is not None:
                    out.append((f"{table.field}.{number}.{key}", _text(cell)))
    return out


@dataclass(frozen=True, slots=True)
class _Relationship:
    identifier: str
    type: str
    source: str
    target: str
    edge: str
    name: str
    properties: tuple[tuple[str, str], ...] = ()
    access: str | None = None


def _ident(element_id: str) -> str:
    return f"id-{element_id}"


def _lang(node: etree._Element, tag: str, text: str, lang: str | None) -> etree._Element:
    child = etree.SubElement(node, f"{{{NS}}}{tag}")
    if lang:
        child.set(XML_LANG, lang)
    child.text = text
    return child


class _Writer:
    def __init__(self, source: ExportSource) -> None:
        self.source = source
        self.lang = source.lang
        self.concepts: dict[str, str] = {}
        self.rows: dict[str, tuple[Rows, int]] = {}
        for kind in kinds():
            elements = source.elements(kind)
            if not elements:
                continue
            rows = to_rows(kind, [source.data(e) for e in elements])
            for index, element in enumerate(elements):
                self.rows[element.id] = (rows, index)
                concept = concept_of(element)
                if concept is not None:
                    self.concepts[element.id] = concept
        self.definitions: dict[str, str] = {}

    # --- relationships --------------------------------------------------------------------

    def relationships(self) -> list[_Relationship]:
        out: list[_Relationship] = []
        model = self.source.model
        for src, dst, key, attrs in sorted(
            self.source.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])
        ):
            edge = str(attrs.get("type"))
            if edge not in EDGES or src not in self.concepts or dst not in self.concepts:
                continue
            if edge == "interconnection":
                out.append(self._flow(model.elements[key], src, dst))
                continue
            kind = relationship_type(edge, self.concepts[src], self.concepts[dst])
            access = "ReadWrite" if kind == "Access" else None
            out.append(
                _Relationship(
                    f"r-{src}--{key.replace(':', '.')}--{dst}",
                    kind,
                    src,
                    dst,
                    edge,
                    edge_label(self.lang, edge),
                    access=access,
                )
            )
        return out

    def _flow(self, element: Element, src: str, dst: str) -> _Relationship:
        rows, index = self.rows[element.id]
        properties = tuple([(KIND_PROPERTY, element.kind), *element_properties(rows, index)])
        a, b = self.concepts[src], self.concepts[dst]
        access = None
        if b == "DataObject" and a != "DataObject":
            kind, access = "Access", "Write"
        elif a == "DataObject" and b != "DataObject":
            kind, access, src, dst = "Access", "Read", dst, src
        else:
            kind = relationship_type("interconnection", a, b)
        return _Relationship(
            _ident(element.id),
            kind,
            src,
            dst,
            "interconnection",
            element.spec.name,
            properties,
            access,
        )

    # --- the document ---------------------------------------------------------------------

    def definition(self, key: str) -> str:
        return self.definitions[key]

    def build(self) -> bytes:
        relationships = self.relationships()
        keys: set[str] = {KIND_PROPERTY, BUILTIN_PROPERTY}
        element_props: dict[str, list[tuple[str, str]]] = {}
        for element_id in self.concepts:
            rows, index = self.rows[element_id]
            element = self.source.model.elements[element_id]
            element_props[element_id] = [
                (KIND_PROPERTY, element.kind),
                *element_properties(rows, index),
            ]
            keys.update(k for k, _ in element_props[element_id])
        for rel in relationships:
            keys.update(k for k, _ in rel.properties)
        view_props = {d.view.id: self._view_properties(d) for d in self.source.views}
        for props in view_props.values():
            keys.update(k for k, _ in props)
        self.definitions = {key: f"pd-{i}" for i, key in enumerate(sorted(keys), 1)}

        root = etree.Element(f"{{{NS}}}model", nsmap={None: NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        root.set("identifier", "eaf-model")
        _lang(root, "name", self.source.title or "eaf", self.lang)
        date = self.source.model.date
        note = tr(self.lang, "export.at", date=date) if date else tr(self.lang, "export.written")
        _lang(root, "documentation", note, self.lang)
        elements = etree.SubElement(root, f"{{{NS}}}elements")
        for element_id in sorted(self.concepts):
            self._element(elements, element_id, element_props[element_id])
        if relationships:
            rels = etree.SubElement(root, f"{{{NS}}}relationships")
            for rel in relationships:
                self._relationship(rels, rel)
        self._organizations(root, relationships)
        defs = etree.SubElement(root, f"{{{NS}}}propertyDefinitions")
        for key, ident in sorted(self.definitions.items(), key=lambda kv: int(kv[1][3:])):
            pd = etree.SubElement(defs, f"{{{NS}}}propertyDefinition")
            pd.set("identifier", ident)
            pd.set("type", "string")
            _lang(pd, "name", key, None)
        drawn = [d for d in self.source.views if d.layout is not None]
        if drawn:
            views = etree.SubElement(root, f"{{{NS}}}views")
            diagrams = etree.SubElement(views, f"{{{NS}}}diagrams")
            for d in sorted(drawn, key=lambda d: d.view.id):
                self._diagram(diagrams, d, relationships, view_props[d.view.id])
        etree.indent(root, space="  ")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _properties(self, node: etree._Element, props: Iterable[tuple[str, str]]) -> None:
        items = list(props)
        if not items:
            return
        holder = etree.SubElement(node, f"{{{NS}}}properties")
        for key, value in items:
            prop = etree.SubElement(holder, f"{{{NS}}}property")
            prop.set("propertyDefinitionRef", self.definition(key))
            _lang(prop, "value", value, None)

    def _element(
        self, parent: etree._Element, element_id: str, props: list[tuple[str, str]]
    ) -> None:
        element = self.source.model.elements[element_id]
        node = etree.SubElement(parent, f"{{{NS}}}element")
        node.set("identifier", _ident(element_id))
        node.set(f"{{{XSI}}}type", self.concepts[element_id])
        _lang(node, "name", element.spec.name, "vi")
        if element.spec.name_en:
            _lang(node, "name", element.spec.name_en, "en")
        if element.spec.description:
            _lang(node, "documentation", element.spec.description, "vi")
        self._properties(node, props)

    def _relationship(self, parent: etree._Element, rel: _Relationship) -> None:
        node = etree.SubElement(parent, f"{{{NS}}}relationship")
        node.set("identifier", rel.identifier)
        node.set("source", _ident(rel.source))
        node.set("target", _ident(rel.target))
        node.set(f"{{{XSI}}}type", rel.type)
        if rel.access is not None:
            node.set("accessType", rel.access)
        _lang(node, "name", rel.name, self.lang if rel.edge != "interconnection" else "vi")
        if rel.edge == "interconnection":
            element = self.source.model.elements[rel.identifier.removeprefix("id-")]
            if element.spec.name_en:
                _lang(node, "name", element.spec.name_en, "en")
            if element.spec.description:
                _lang(node, "documentation", element.spec.description, "vi")
        self._properties(node, rel.properties)

    def _organizations(self, root: etree._Element, relationships: list[_Relationship]) -> None:
        orgs = etree.SubElement(root, f"{{{NS}}}organizations")
        by_folder: dict[str, dict[str, list[str]]] = {}
        for element_id, concept in self.concepts.items():
            kind = self.source.model.elements[element_id].kind
            by_folder.setdefault(folder_of(concept), {}).setdefault(kind, []).append(element_id)
        for folder, label in FOLDERS.items():
            found = by_folder.get(folder)
            if not found:
                continue
            item = etree.SubElement(orgs, f"{{{NS}}}item")
            _lang(item, "label", tr(self.lang, label), self.lang)
            for kind in kinds():
                if kind not in found:
                    continue
                sub = etree.SubElement(item, f"{{{NS}}}item")
                _lang(sub, "label", kind_plural(self.lang, kind), self.lang)
                for element_id in sorted(found[kind]):
                    etree.SubElement(sub, f"{{{NS}}}item").set("identifierRef", _ident(element_id))
        if relationships:
            item = etree.SubElement(orgs, f"{{{NS}}}item")
            _lang(item, "label", tr(self.lang, "export.folder.relations"), self.lang)
            by_edge: dict[str, list[str]] = {}
            for rel in relationships:
                by_edge.setdefault(rel.edge, []).append(rel.identifier)
            for edge in sorted(by_edge):
                sub = etree.SubElement(item, f"{{{NS}}}item")
                _lang(sub, "label", edge_label(self.lang, edge), self.lang)
                for ident in by_edge[edge]:
                    etree.SubElement(sub, f"{{{NS}}}item").set("identifierRef", ident)
        drawn = sorted(d.view.id for d in self.source.views if d.layout is not None)
        if drawn:
            item = etree.SubElement(orgs, f"{{{NS}}}item")
            _lang(item, "label", tr(self.lang, "export.folder.views"), self.lang)
            for view_id in drawn:
                etree.SubElement(item, f"{{{NS}}}item").set("identifierRef", f"v-{view_id}")

    # --- views ----------------------------------------------------------------------------

    def _view_properties(self, drawn: DrawnView) -> list[tuple[str, str]]:
        if drawn.spec is None:
            return [(BUILTIN_PROPERTY, "true")]
        view = self.source.model.elements.get(drawn.view.id)
        if view is None or view.id not in self.rows:
            return [(BUILTIN_PROPERTY, "true")]
        rows, index = self.rows[view.id]
        return [(KIND_PROPERTY, "view"), *element_properties(rows, index)]

    def _diagram(
        self,
        parent: etree._Element,
        drawn: DrawnView,
        relationships: list[_Relationship],
        props: list[tuple[str, str]],
    ) -> None:
        view, layout = drawn.view, drawn.layout
        assert layout is not None
        node = etree.SubElement(parent, f"{{{NS}}}view")
        node.set("identifier", f"v-{view.id}")
        node.set(f"{{{XSI}}}type", "Diagram")
        element = self.source.model.elements.get(view.id)
        if element is not None and element.kind == "view":
            _lang(node, "name", element.spec.name, "vi")
            if element.spec.name_en:
                _lang(node, "name", element.spec.name_en, "en")
            if element.spec.description:
                _lang(node, "documentation", element.spec.description, "vi")
        else:
            _lang(node, "name", view.title, self.lang)
        self._properties(node, props)
        ids = {
            n.id: f"n-{view.id}--{i}"
            for i, n in enumerate(sorted(view.nodes, key=lambda n: n.id), 1)
        }
        members: dict[str | None, list[Any]] = {}
        for n in sorted(view.nodes, key=lambda n: n.id):
            members.setdefault(n.group if n.group in layout.groups else None, []).append(n)
        for index, group in enumerate(view.groups, 1):
            box = layout.groups.get(group.key)
            if box is None:
                continue
            container = etree.SubElement(node, f"{{{NS}}}node")
            container.set("identifier", f"g-{view.id}--{index}")
            container.set(f"{{{XSI}}}type", "Container")
            _box(container, box)
            _lang(container, "label", group.label, self.lang)
            for member in members.pop(group.key, []):
                self._shape(container, member, ids[member.id], layout.nodes[member.id])
        for member in members.pop(None, []):
            self._shape(node, member, ids[member.id], layout.nodes[member.id])
        index_of = _relationship_index(relationships)
        for number, edge in enumerate(view.edges, 1):
            if edge.source not in ids or edge.target not in ids:
                continue
            connection = etree.SubElement(node, f"{{{NS}}}connection")
            connection.set("identifier", f"c-{view.id}--{number}")
            source = _element_of(view, edge.source)
            target = _element_of(view, edge.target)
            rel = index_of.get((edge.type, source, target)) if source and target else None
            if rel is None and source and target:
                rel = index_of.get((edge.type, target, source))
            if rel is not None:
                connection.set(f"{{{XSI}}}type", "Relationship")
                connection.set("relationshipRef", rel.identifier)
                flip = rel.source != source
                connection.set("source", ids[edge.target if flip else edge.source])
                connection.set("target", ids[edge.source if flip else edge.target])
            else:
                connection.set(f"{{{XSI}}}type", "Line")
                if edge.label or edge.count > 1:
                    _lang(connection, "label", edge.label or str(edge.count), self.lang)
                connection.set("source", ids[edge.source])
                connection.set("target", ids[edge.target])

    def _shape(self, parent: etree._Element, node: Any, ident: str, box: Any) -> None:
        shape = etree.SubElement(parent, f"{{{NS}}}node")
        shape.set("identifier", ident)
        if node.element is not None and node.element in self.concepts:
            shape.set(f"{{{XSI}}}type", "Element")
            shape.set("elementRef", _ident(node.element))
            _box(shape, box)
            return
        shape.set(f"{{{XSI}}}type", "Label")
        _box(shape, box)
        _lang(shape, "label", node.label, self.lang)


def _element_of(view: Any, node_id: str) -> str | None:
    for node in view.nodes:
        if node.id == node_id:
            return str(node.element) if node.element is not None else None
    return None


def _relationship_index(
    relationships: list[_Relationship],
) -> Mapping[tuple[str, str, str], _Relationship]:
    out: dict[tuple[str, str, str], _Relationship] = {}
    for rel in relationships:
        out.setdefault((rel.edge, rel.source, rel.target), rel)
    return out


def _box(node: etree._Element, box: Any) -> None:
    node.set("x", str(box.x))
    node.set("y", str(box.y))
    node.set("w", str(box.w))
    node.set("h", str(box.h))


def write(source: ExportSource) -> dict[str, bytes]:
    return {"eaf.archimate.xml": _Writer(source).build()}
