"""An ArchiMate exchange file read as sheets, one per eaf kind (and child table), as if it
were an inventory: each element a row, its properties the cells (their names are the headers).

An element written by `eaf export archimate` names its kind (property `eaf:kind`), and its
properties are the columns of eaf's tables, so it reads back as it was. An element from
another tool gets the kind its concept maps to (`KIND_OF_CONCEPT`: an ApplicationComponent is
a system, a BusinessActor an organization…), its id from its identifier, its name and
documentation from the file, and its properties are matched to fields by name like any header;
a concept eaf does not map is left out with a warning. Relationships other than eaf's
interconnections are not read: eaf derives them from the fields. Views drawn by eaf's own
built-in views are skipped; a model view is read from its diagram's properties.

The XML is parsed without entity expansion, DTDs or network access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.export.archimate import BUILTIN_PROPERTY, KIND_PROPERTY, NS, XSI
from eaf.export.table import child_tables, kinds
from eaf.importers import Row, Sheet

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

KIND_OF_CONCEPT: dict[str, str] = {
    "BusinessActor": "organization",
    "BusinessRole": "actor",
    "BusinessInterface": "channel",
    "ApplicationInterface": "channel",
    "ApplicationComponent": "system",
    "SystemSoftware": "platform",
    "DataObject": "data",
    "Node": "infrastructure",
    "CommunicationNetwork": "infrastructure",
    "BusinessService": "service",
    "WorkPackage": "work_package",
    "Requirement": "decision",
    "Plateau": "plateau",
    "Goal": "kpi",
    "Assessment": "kpi",
    "Principle": "rule",
}
_CHILD = re.compile(r"^([a-z_]+)\.(\d+)\.(.+)$")


@dataclass(slots=True)
class _Item:
    kind: str
    at: Location
    cells: dict[str, tuple[str, Location]] = field(default_factory=dict)
    children: dict[str, dict[int, dict[str, tuple[str, Location]]]] = field(default_factory=dict)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


class _Places:
    """Line and column of an XML element (lxml knows the line; the column is found in it)."""

    def __init__(self, rel: str, text: str) -> None:
        self.rel = rel
        self.lines = text.splitlines()

    def of(self, node: etree._Element) -> Location:
        line = node.sourceline or 1
        name = etree.QName(node).localname
        col = 1
        if 0 < line <= len(self.lines):
            found = self.lines[line - 1].find(f"<{name}")
            col = found + 1 if found >= 0 else 1
        return Location(self.rel, line, col)


def _texts(node: etree._Element, tag: str) -> list[tuple[str | None, str, etree._Element]]:
    return [(child.get(XML_LANG), child.text or "", child) for child in node.findall(_q(tag))]


def _pick(
    values: list[tuple[str | None, str, etree._Element]], lang: str | None
) -> tuple[str, etree._Element] | None:
    for value_lang, text, node in values:
        if value_lang == lang:
            return text, node
    return None


def _slug(identifier: str) -> str:
    text = identifier.removeprefix("id-").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or identifier


def read_archimate(raw: bytes, rel: str, max_bytes: int) -> tuple[list[Sheet], list[Diagnostic]]:
    """The sheets an exchange file holds (one per kind and child table found)."""
    if len(raw) > max_bytes:
        return [], [
            codes.FILE_TOO_LARGE(
                f"file of {len(raw)} bytes is larger than the limit of {max_bytes} bytes",
                Location(rel, 1, 1),
            )
        ]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        return [], [
            codes.UNREADABLE_INPUT(
                f"not well-formed XML: {exc.msg}", Location(rel, line or 1, col or 1)
            )
        ]
    if root.tag != _q("model"):
        return [], [
            codes.UNREADABLE_INPUT(
                f"not an ArchiMate exchange file: the root is <{etree.QName(root).localname}>, "
                f"not <model> in {NS}",
                Location(rel, root.sourceline or 1, 1),
            )
        ]
    text = raw.decode("utf-8", errors="replace")
    places = _Places(rel, text)
    definitions = {
        d.get("identifier"): (_texts(d, "name") or [(None, "", d)])[0][1].strip()
        for d in root.iter(_q("propertyDefinition"))
    }
    diags: list[Diagnostic] = []
    items: list[_Item] = []
    for node in root.iter(_q("element"), _q("relationship"), _q("view")):
        item = _item(node, definitions, places, diags)
        if item is not None:
            items.append(item)
    return _sheets(items, rel), diags


def _properties(
    node: etree._Element, definitions: dict[str | None, str], places: _Places
) -> list[tuple[str, str, Location]]:
    out: list[tuple[str, str, Location]] = []
    holder = node.find(_q("properties"))
    if holder is None:
        return out
    for prop in holder.findall(_q("property")):
        key = definitions.get(prop.get("propertyDefinitionRef"), "")
        values = _texts(prop, "value")
        if not key or not values:
            continue
        chosen = _pick(values, "vi") or (values[0][1], values[0][2])
        out.append((key, chosen[0], places.of(chosen[1])))
    return out


def _item(
    node: etree._Element,
    definitions: dict[str | None, str],
    places: _Places,
    diags: list[Diagnostic],
) -> _Item | None:
    tag = etree.QName(node).localname
    concept = node.get(f"{{{XSI}}}type") or ""
    props = _properties(node, definitions, places)
    named = {k: v for k, v, _ in props}
    at = places.of(node)
    if named.get(BUILTIN_PROPERTY) == "true":
        return None
    kind = named.get(KIND_PROPERTY)
    if kind is None:
        if tag in {"relationship", "view"}:
            return None  # derived from fields, or drawn by another tool
        kind = KIND_OF_CONCEPT.get(concept)
        if kind is None:
            label = (_texts(node, "name") or [(None, node.get("identifier") or "", node)])[0][1]
            diags.append(
                codes.UNMAPPED_CONCEPT(
                    f"{concept} '{label}' is not imported: no eaf kind is a {concept}", at
                )
            )
            return None
    if kind not in kinds():
        diags.append(codes.UNMAPPED_CONCEPT(f"'{kind}' is not a kind of element", at))
        return None
    item = _Item(kind, at)
    identifier = node.get("identifier") or ""
    item.cells["id"] = (_slug(identifier.removeprefix("v-") if tag == "view" else identifier), at)
    names = _texts(node, "name")
    vi = (
        _pick(names, "vi")
        or (_pick(names, None) if names else None)
        or ((names[0][1], names[0][2]) if names else None)
    )
    if vi is not None:
        item.cells["name"] = (vi[0], places.of(vi[1]))
    en = _pick(names, "en")
    if en is not None and (vi is None or en[1] is not vi[1]):
        item.cells["name_en"] = (en[0], places.of(en[1]))
    docs = _texts(node, "documentation")
    doc = _pick(docs, "vi") or ((docs[0][1], docs[0][2]) if docs else None)
    if doc is not None and doc[0].strip():
        item.cells["description"] = (doc[0], places.of(doc[1]))
    for key, value, where in props:
        if key in (KIND_PROPERTY, BUILTIN_PROPERTY):
            continue
        match = _CHILD.match(key)
        if match and match.group(1) in {t.field for t in child_tables(kind)}:
            rows = item.children.setdefault(match.group(1), {})
            rows.setdefault(int(match.group(2)), {})[match.group(3)] = (value, where)
            continue
        item.cells[key] = (value, where)
    return item


def _sheet(
    name: str,
    rel: str,
    header: list[str],
    rows: Iterable[tuple[Location, dict[str, tuple[str, Location]]]],
) -> Sheet:
    at = Location(rel, 1, 1)
    sheet = Sheet(name, name, tuple(header), tuple(at for _ in header), grid=False)
    for row_at, cells in rows:
        values = tuple(cells[h][0] if h in cells else None for h in header)
        where = tuple(cells[h][1] if h in cells else row_at for h in header)
        sheet.rows.append(Row(row_at, values, where))
    return sheet


def _sheets(items: list[_Item], rel: str) -> list[Sheet]:
    out: list[Sheet] = []
    for kind in kinds():
        mine = sorted((i for i in items if i.kind == kind), key=lambda i: i.cells["id"][0])
        if not mine:
            continue
        header: list[str] = []
        for item in mine:
            header.extend(k for k in item.cells if k not in header)
        out.append(_sheet(kind, rel, header, ((i.at, i.cells) for i in mine)))
        for table in child_tables(kind):
            key = table.field or ""
            rows = []
            child_header = ["element"]
            for item in mine:
                for number in sorted(item.children.get(key, {})):
                    cells = dict(item.children[key][number])
                    cells["element"] = (item.cells["id"][0], item.at)
                    first = next(iter(cells.values()))[1]
                    child_header.extend(k for k in cells if k not in child_header)
                    rows.append((first, cells))
            if rows:
                out.append(_sheet(f"{kind}.{key}", rel, child_header, rows))
    return out
