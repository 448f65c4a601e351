"""The architecture at a date: which elements exist, with their fields after dated changes, and
the graph restricted to them (scope edges filtered by their since/until)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from eaf.graph import element_json, node_fields
from eaf.model import Element, Model, exists_at
from eaf.select import SelectorIndex, parse_selector

#: Fields that describe the element's history, not its state: never reported as changed.
HISTORY = frozenset({"lifecycle", "changes", "source", "links"})


def changes_until(element: Element, date: str) -> dict[str, Any]:
    """The values the element's dated changes set on or before ``date``, later ones winning."""
    values: dict[str, Any] = {}
    for change in sorted(element.spec.changes, key=lambda c: c.date):
        if change.date <= date:
            values.update(change.set)
    return values


def fields_at(element: Element, date: str) -> dict[str, Any]:
    """The element's fields (as JSON) with every change dated on or before ``date`` applied."""
    return {**element_json(element), **changes_until(element, date)}


@dataclass(slots=True)
class Snapshot:
    date: str
    graph: nx.MultiDiGraph
    index: SelectorIndex

    def select(self, text: str | None) -> frozenset[str]:
        if not text:
            return frozenset()
        selector, problems = parse_selector(text)
        if selector is None or problems:
            return frozenset()
        return self.index.evaluate(selector)


def snapshot(model: Model, graph: nx.MultiDiGraph, date: str) -> Snapshot:
    present = {e.id for e in model if exists_at(e, date)}
    sub = nx.MultiDiGraph()
    for element in model:
        if element.id in present:
            fields = {**node_fields(element), **changes_until(element, date)}
            sub.add_node(element.id, **{**graph.nodes[element.id], "fields": fields})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        if source not in present or target not in present:
            continue
        since, until = attrs.get("since"), attrs.get("until")
        if (since and since > date) or (until and until <= date):
            continue
        link = model.elements.get(key) if attrs.get("type") == "interconnection" else None
        if link is not None and not exists_at(link, date):
            continue
        sub.add_edge(source, target, key=key, **attrs)
    return Snapshot(date, sub, SelectorIndex(sub))
