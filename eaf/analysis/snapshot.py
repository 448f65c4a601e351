"""The architecture at a date, ready to be measured: the model as it is on that day
(`Model.at`), its graph, and a selector index over it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from eaf.diagnostics import Diagnostic
from eaf.graph import build_graph, element_json
from eaf.model import Element, Model
from eaf.select import SelectorIndex, parse_selector

#: Fields that describe the element's history, not its state: never reported as changed.
HISTORY = frozenset({"lifecycle", "changes", "source", "links"})


def fields_at(element: Element, date: str) -> dict[str, Any]:
    """The element's fields (as JSON) as they are on `date`."""
    return element_json(element.at(date))


@dataclass(slots=True)
class Snapshot:
    date: str
    model: Model
    """The model on that date (only what exists then)."""
    graph: nx.MultiDiGraph
    index: SelectorIndex
    diagnostics: list[Diagnostic]
    """What building that day's graph found (scopes that select nothing then)."""

    def select(self, text: str | None) -> frozenset[str]:
        if not text:
            return frozenset()
        selector, problems = parse_selector(text)
        if selector is None or problems:
            return frozenset()
        return self.index.evaluate(selector)


def snapshot(model: Model, date: str) -> Snapshot:
    """The architecture on `date` (kept with the model, so each date is built once)."""
    key = ("snapshot", date)
    found: Snapshot | None = model.memo.get(key)
    if found is None:
        at = model.at(date)
        graph, diagnostics = build_graph(at)
        found = model.memo[key] = Snapshot(date, at, graph, SelectorIndex(graph), diagnostics)
    return found


def forget(model: Model, keep: frozenset[str] = frozenset()) -> None:
    """Let go of the snapshots kept with the model but those of the dates in `keep`: a
    national model's graph of one day holds millions of per-unit edges, and a run that has
    its results from a day needs no more of its graph."""
    for key in [k for k in model.memo if k[0] == "snapshot" and k[1] not in keep]:
        del model.memo[key]
