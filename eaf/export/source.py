"""What an exporter reads: a snapshot of the model, its graph and its views laid out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from eaf.export.layout import Layout
from eaf.model import Element, Model
from eaf.views import ComputedView


@dataclass(frozen=True, slots=True)
class DrawnView:
    """A view computed on the snapshot, with Graphviz's layout of it when the format draws."""

    view: ComputedView
    layout: Layout | None = None
    spec: Mapping[str, Any] | None = None
    """The view's definition (its fields as in a model file) for a view the model defines;
    None for a built-in view and a context view."""


@dataclass(frozen=True, slots=True)
class ExportSource:
    """What an exporter reads: the model (as written, or on a date: `model.date`), its graph,
    the views to draw and the language of generated words."""

    model: Model
    graph: nx.MultiDiGraph
    views: tuple[DrawnView, ...] = ()
    contexts: tuple[DrawnView, ...] = ()
    """A context view per element (its neighbours one hop away), for formats that draw them."""
    lang: str = "vi"
    title: str = ""
    """The project's name (the model's name in the receiving tool)."""

    def elements(self, kind: str | None = None) -> list[Element]:
        """Every element (or those of one kind), sorted by id."""
        return [e for e in self.model if (kind is None or e.kind == kind)]

    def data(self, element: Element) -> dict[str, Any]:
        """An element's fields as JSON data, keys as in a model file, defaults left out."""
        return element_data(element)


def element_data(element: Element) -> dict[str, Any]:
    data: dict[str, Any] = element.spec.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    return data
