"""Exports: the architecture in the formats other tools read. Each format is one module with a
pure function from an `ExportSource` (a snapshot of the model, its graph and its views laid out)
to the bytes of the files it writes; `FORMATS` is the registry `eaf export` offers.

Every export is deterministic: sorted, no timestamps, no random ids, no absolute paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from eaf.export.layout import Layout
from eaf.model import Element, Model
from eaf.spec import KIND_OF_SECTION
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
        """Elements (of one kind), sorted by id; views are not architecture elements."""
        return [e for e in self.model if (kind is None or e.kind == kind)]

    def data(self, element: Element) -> dict[str, Any]:
        """An element's fields as JSON data, keys as in a model file, defaults left out."""
        return element_data(element)


def element_data(element: Element) -> dict[str, Any]:
    data: dict[str, Any] = element.spec.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    return data


Writer = Callable[[ExportSource], dict[str, bytes]]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    write: Writer
    default: str
    """Where it is written under build/export: a file name, or a folder name ending in '/'."""
    layout: bool = False
    """Needs Graphviz's layout of each view."""
    contexts: bool = False
    """Draws a context view per element too."""
    checker: str = ""
    """The receiving tool's own check, for the documentation."""
    files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def folder(self) -> bool:
        return self.default.endswith("/")


def _registry() -> dict[str, Format]:
    from eaf.export import archimate, csv_, drawio, likec4, mermaid, structurizr, xlsx

    formats = [
        Format("archimate", archimate.write, "eaf.archimate.xml", layout=True),
        Format("likec4", likec4.write, "eaf.c4"),
        Format("mermaid", mermaid.write, "mermaid/", contexts=True),
        Format("structurizr", structurizr.write, "structurizr/", layout=True),
        Format("drawio", drawio.write, "eaf.drawio", layout=True),
        Format("csv", csv_.write, "csv/"),
        Format("xlsx", xlsx.write, "eaf.xlsx"),
    ]
    return {f.name: f for f in formats}


FORMATS: Mapping[str, Format] = _registry()
SECTION_KINDS = tuple(KIND_OF_SECTION.values())
