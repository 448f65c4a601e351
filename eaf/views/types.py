"""What a computed view is: its nodes, edges and clusters, ready to be drawn."""

from __future__ import annotations

from dataclasses import dataclass

from eaf.model import Element

DEFAULT_MAX_NODES = 150
#: A context diagram shows at most about this many nodes: its element, and its neighbours with
#: groups of the same kind counted in one node ("91 xã, phường, thị trấn").
CONTEXT_MAX_NODES = 25

#: How a computed view is laid out: "graph" (Graphviz's own layout), "bands" (stacked bands
#: of rows: the overall diagram's layer cake, the organisation chart's levels) or "star" (one
#: element and its direct neighbours: a context diagram).
LAYOUTS = ("graph", "bands", "star")

#: Edge types a diagram draws between two shown elements; ownership and per-unit scope edges
#: are left out (they would cover the drawing), except where a view asks for them.
DRAWN_EDGES = frozenset(
    {"interconnection", "parent", "part-of", "uses", "holds", "hosts", "portal", "delivers"}
)
#: Edge types a context diagram draws from its element: every relation a reader would ask
#: about (who owns it, who it serves, where it is in use, who takes over from it).
STAR_EDGES = DRAWN_EDGES | {"owns", "serves", "deployed-to", "offered-by", "succeeded-by"}


@dataclass(frozen=True, slots=True)
class ViewNode:
    id: str
    """The element's id, or 'summary:…' for a counted node."""
    kind: str
    label: str
    tooltip: str
    group: str | None = None
    element: str | None = None
    """The element shown; None for a summary node."""
    state: str = "active"
    """active, planned or retired (drawn dashed / greyed)."""
    count: int = 1
    style: tuple[tuple[str, str], ...] = ()
    layer: str | None = None
    """The layer group ('layer:…') the element belongs to, also when drawn in another block."""
    link: str | None = None
    """The element whose page a summary node opens (a district for its communes)."""
    below: str | None = None
    """In a band, the node this one is drawn under (a district's counted communes)."""


@dataclass(frozen=True, slots=True)
class ViewEdge:
    source: str
    target: str
    type: str
    label: str = ""
    count: int = 1
    state: str = "active"


@dataclass(frozen=True, slots=True)
class ViewGroup:
    key: str
    label: str
    order: int
    side: bool = False


@dataclass(frozen=True, slots=True)
class ComputedView:
    id: str
    title: str
    direction: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    groups: tuple[ViewGroup, ...] = ()
    summarised: bool = False
    builtin: bool = False
    ranks: tuple[tuple[str, ...], ...] = ()
    """Groups of node ids drawn on the same rank (the view's rank hints)."""
    layout: str = "graph"
    """One of LAYOUTS."""
    focus: str | None = None
    """A star's element: the node every edge of the view touches."""


def element_name(element: Element, lang: str) -> str:
    """An element's name in a language (its Vietnamese name when it has no other)."""
    if lang == "en" and element.spec.name_en:
        return element.spec.name_en
    return element.spec.name
