"""The model's typed edges and its scopes, as plain data: what the graph is made of, without
networkx. Validation evaluates the scopes over a `PlainGraph` (nodes, reference edges) and so
never imports networkx; `eaf.graph` builds the networkx MultiDiGraph from the same parts.

Edges point from the provider or container to what depends on it, so ``x+`` (downstream)
reads "what x reaches" and ``+x`` "what x needs".
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from eaf import codes
from eaf.diagnostics import Diagnostic, pointer_from_path
from eaf.model import SCOPE_FIELDS, Element, Model
from eaf.select import SelectorIndex, parse_selector
from eaf.select.methods import field_read
from eaf.spec.introspect import field_keys, has_field
from eaf.spec.types import Scope

if TYPE_CHECKING:
    from pydantic import BaseModel

    from eaf.load.positions import Path_, PositionMap

#: One edge: (source, target, key, attributes).
Edge = tuple[str, str, str, dict[str, Any]]


class EdgeType(StrEnum):
    OWNS = "owns"  # owner organisation → element
    PARENT = "parent"  # parent organisation → child
    PART_OF = "part-of"  # whole system/platform → part
    INTERCONNECTION = "interconnection"  # from → to, keyed by the interconnection's id
    VIA = "via"  # platform → interconnection element routed through it
    HOSTS = "hosts"  # infrastructure/platform → system hosted on it
    USES = "uses"  # platform → system that relies on it
    HOLDS = "holds"  # system → data it holds
    SERVES = "serves"  # system → actor (users) and channel → system
    DEPLOYED_TO = "deployed-to"  # system/platform/infrastructure → unit in its deployment scope
    OFFERED_BY = "offered-by"  # unit → service it offers
    PORTAL = "portal"  # portal system → service offered on it
    DELIVERS = "delivers"  # work package → element it delivers
    EXTENDS = "extends"  # base view → view extending it
    SUCCEEDED_BY = "succeeded-by"  # element → the one that takes over (all or part) when it ends
    INCLUDES = "includes"  # framework version → rule, layer, category or reference model in it
    ISSUES = "issues"  # organisation → decision it issued
    GOVERNS = "governs"  # decision → element it governs


#: (field, edge type, reversed?) for single and list references; reversed edges point from
#: the referenced element to the referring one.
_REF_EDGES: dict[str, tuple[EdgeType, bool]] = {
    "owner": (EdgeType.OWNS, True),
    "parent": (EdgeType.PARENT, True),
    "part_of": (EdgeType.PART_OF, True),
    "hosted_on": (EdgeType.HOSTS, True),
    "uses": (EdgeType.USES, True),
    "system": (EdgeType.HOLDS, True),
    "users": (EdgeType.SERVES, False),
    "channels": (EdgeType.SERVES, True),
    "portal": (EdgeType.PORTAL, True),
    "delivers": (EdgeType.DELIVERS, False),
    "extends": (EdgeType.EXTENDS, True),
    "frameworks": (EdgeType.INCLUDES, True),
    "issued_by": (EdgeType.ISSUES, True),
    "governs": (EdgeType.GOVERNS, False),
}


def node_fields(element: Element, keys: Collection[str] | None = None) -> dict[str, Any]:
    """The element's values under their names in the file, for selectors (with ``keys``, only
    those). Nested objects (source, lifecycle) are kept as they are: selectors only compare
    text, numbers, booleans and lists of them, and this costs far less than a full dump on a
    100k-element model."""
    return spec_fields(element.spec, None if keys is None else frozenset(keys))


def spec_fields(spec: BaseModel, keys: frozenset[str] | None) -> dict[str, Any]:
    """`node_fields` of a spec, given its keys as a frozenset (made once for many specs)."""
    values = spec.__dict__
    return {
        key: value
        for name, key in _keys_of(type(spec), keys)
        if (value := values[name]) is not None and value != []
    }


@functools.cache
def _keys_of(cls: type[BaseModel], keys: frozenset[str] | None) -> tuple[tuple[str, str], ...]:
    found = field_keys(cls)
    return found if keys is None else tuple((n, k) for n, k in found if k in keys)


def node_table(model: Model, keys: Collection[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every element's node attributes (kind, file, name, fields), in the model's id order.
    With ``keys``, the fields are only those (what the selectors to evaluate read)."""
    wanted = None if keys is None else frozenset(keys)  # once, not once per element
    return {
        element.id: node_row(element.spec, element.kind, element.file, wanted) for element in model
    }


def node_row(spec: BaseModel, kind: str, rel: str, keys: frozenset[str] | None) -> dict[str, Any]:
    """One element's node attributes (`node_table`), from its spec, kind and file."""
    return {
        "kind": kind,
        "file": rel,
        "name": spec.__dict__["name"],
        "fields": spec_fields(spec, keys),
    }


@functools.cache
def _ref_edges(cls: type[BaseModel]) -> tuple[tuple[str, EdgeType, bool, str], ...]:
    """(attribute, edge type, reversed?, edge key) for the reference fields a shape has."""
    return tuple(
        (field, edge, reverse, f"{edge}:{field}")
        for field, (edge, reverse) in _REF_EDGES.items()
        if has_field(cls, field)
    )


def reference_edges(model: Model, nodes: dict[str, Any]) -> list[Edge]:
    """The edges the elements' references state, between existing nodes, sorted, each once."""
    edges: list[Edge] = []

    def link(source: str, target: str, kind: EdgeType, key: str, **attrs: Any) -> None:
        if source in nodes and target in nodes:
            edges.append((source, target, key, {"type": str(kind), **attrs}))

    for element in model:
        spec = element.spec
        values = spec.__dict__
        for field, edge, reverse, key in _ref_edges(type(spec)):
            value = values[field]
            if value is None or value == []:
                continue
            for target in (value,) if isinstance(value, str) else value:
                if reverse:
                    link(target, element.id, edge, key)
                else:
                    link(element.id, target, edge, key)
        for successor in spec.successors:
            key = f"{EdgeType.SUCCEEDED_BY}:{successor.id}"
            link(element.id, successor.id, EdgeType.SUCCEEDED_BY, key, share=str(successor.share))
        if element.kind == "interconnection":
            frm, to = spec.from_, spec.to  # type: ignore[attr-defined]
            link(frm, to, EdgeType.INTERCONNECTION, element.id, via=list(spec.via))  # type: ignore[attr-defined]
            for platform in spec.via:  # type: ignore[attr-defined]
                link(platform, element.id, EdgeType.VIA, f"via:{element.id}")
    edges.sort(key=lambda e: (e[0], e[1], e[2]))
    # A list naming one element twice gives one edge (the repeat is a warning of its own).
    return [e for i, e in enumerate(edges) if i == 0 or e[:3] != edges[i - 1][:3]]


class PlainGraph:
    """Nodes and edges in plain dicts, shaped as `SelectorIndex` reads a graph: ``nodes`` (id →
    attributes), ``pred`` and ``succ`` (id → its neighbours)."""

    __slots__ = ("nodes", "pred", "succ")

    def __init__(self, nodes: dict[str, dict[str, Any]], edges: list[Edge]) -> None:
        self.nodes = nodes
        self.pred: dict[str, dict[str, None]] = {n: {} for n in nodes}
        self.succ: dict[str, dict[str, None]] = {n: {} for n in nodes}
        for source, target, _, _ in edges:
            self.succ[source][target] = None
            self.pred[target][source] = None

    def __contains__(self, node: object) -> bool:
        return node in self.nodes


def plain_graph(model: Model) -> PlainGraph:
    """The model's nodes and reference edges (no per-unit scope edges)."""
    nodes = node_table(model)
    return PlainGraph(nodes, reference_edges(model, nodes))


@functools.cache
def _scope_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f for f in SCOPE_FIELDS if has_field(cls, f))


def _scopes(element: Element) -> Iterator[tuple[str, int, Scope]]:
    values = element.spec.__dict__
    for field in _scope_fields(type(element.spec)):  # most kinds have no scopes
        for index, scope in enumerate(values.get(field) or ()):
            yield field, index, scope


def scope_edges(
    model: Model,
    graph: Any,
    *,
    add: bool,
    around: frozenset[str] | None = None,
    memo: dict[str, frozenset[str]] | None = None,
    findings: bool = True,
) -> tuple[list[Edge], list[Diagnostic]]:
    """Per-unit facts stated once: each scope's selector, minus its exceptions, becomes edges
    (only with ``add``), and what evaluating the scopes over ``graph`` (a networkx graph or a
    `PlainGraph`) found. With ``around``, only the edges that touch those elements. Without
    ``findings``, nothing is reported (a graph of another date, whose findings nobody reads:
    locating them re-reads the files)."""
    diags: list[Diagnostic] = []
    index = SelectorIndex(graph)
    # Given a memo, the caller keeps what each selector text selected (incremental checking).
    memo = {} if memo is None else memo
    edges: list[Edge] = []
    for element in model:
        if not _scope_fields(type(element.spec)):
            continue  # most kinds have no scopes
        for field, i, scope in _scopes(element):
            path = (*element.path, field, i)
            selector, problems = parse_selector(scope.select)
            if selector is None or problems:
                continue  # already reported by resolve
            # Many scopes repeat a selector ("every commune"): evaluate each text once.
            selected = memo.get(scope.select)
            if selected is None:
                selected = memo[scope.select] = index.evaluate(selector)
            positions = model.positions.get(element.file) if findings else None
            if positions is not None:
                unused = [
                    j
                    for j, excluded in enumerate(scope.except_)
                    if excluded not in selected and excluded in graph
                ]
                diags += scope_findings(
                    element.id,
                    scope.select,
                    scope.except_,
                    path,
                    positions,
                    empty=not selected,
                    unused=unused,
                )
            if not add:
                continue
            units = selected - set(scope.except_)
            if around is not None and element.id not in around:
                units &= around
            # One key and one attribute dict for all of a scope's edges: a national model has
            # millions of them (`eaf.graph.build_graph` keeps them shared; nothing writes them).
            kind = EdgeType.DEPLOYED_TO if field == "deployment" else EdgeType.OFFERED_BY
            key = f"{kind}:{i}"
            attrs = {"type": str(kind), "since": scope.since, "until": scope.until}
            if field == "deployment":
                edges += [(element.id, unit, key, attrs) for unit in sorted(units)]
            else:
                edges += [(unit, element.id, key, attrs) for unit in sorted(units)]
    edges.sort(key=lambda e: (e[0], e[1], e[2]))
    return edges, diags


def scope_findings(
    element_id: str,
    select: str,
    excepts: list[str],
    path: Path_,
    positions: PositionMap,
    *,
    empty: bool,
    unused: list[int],
) -> list[Diagnostic]:
    """What is wrong with one scope: it selects nothing, or excepts (by index) what it does not
    select. Located only when there is something to say: locating re-reads the file."""
    diags: list[Diagnostic] = []
    if empty:
        location, matched = positions.locate((*path, "select"))
        diags.append(
            codes.SELECTOR_EMPTY(
                f"scope '{select}' of '{element_id}' selects nothing",
                location,
                pointer=pointer_from_path(matched),
            )
        )
    for j in unused:
        location, matched = positions.locate((*path, "except", j))
        diags.append(
            codes.EXCEPTION_UNUSED(
                f"'{excepts[j]}' is not selected by '{select}'",
                location,
                pointer=pointer_from_path(matched),
            )
        )
    return diags


def walks(text: str) -> bool:
    """Whether a selector follows edges (`x+`, `+x`): only those read the reference edges."""
    selector, _ = parse_selector(text)
    return selector is not None and any(
        a.up is not None or a.down is not None for a in selector.atoms()
    )


def read_keys(texts: Iterable[str]) -> frozenset[str]:
    """The element fields (keys) that these selector texts read; texts that do not parse read
    none."""
    keys: set[str] = set()
    for text in texts:
        selector, _ = parse_selector(text)
        if selector is not None:
            keys.update(k for a in selector.atoms() if (k := field_read(a.method)) is not None)
    return frozenset(keys)


def scope_texts(model: Model) -> frozenset[str]:
    """Every scope's selector text in the model (kept in its memo: validation asks twice)."""
    found: frozenset[str] | None = model.memo.get("scope texts")
    if found is None:
        found = model.memo["scope texts"] = frozenset(
            scope.select
            for element in model
            if _scope_fields(type(element.spec))
            for _, _, scope in _scopes(element)
        )
    return found


def check_scopes(
    model: Model,
    memo: dict[str, frozenset[str]] | None = None,
    nodes: dict[str, dict[str, Any]] | None = None,
) -> list[Diagnostic]:
    """What `build_graph` reports about the scopes, without building the graph: validation.
    With ``memo``, what each selector text selected is left in it; ``nodes``, when given, is
    the model's `node_table` with at least the fields the scopes read. Only what the scopes'
    selectors read is built: those fields, and the reference edges only when a selector walks
    them (most models have none that do, and the edges cost more than the nodes)."""
    texts = scope_texts(model)
    nodes = node_table(model, read_keys(texts)) if nodes is None else nodes
    edges = reference_edges(model, nodes) if any(walks(t) for t in texts) else []
    return scope_edges(model, PlainGraph(nodes, edges), add=False, memo=memo)[1]
