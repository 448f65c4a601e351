"""Views as data → computed views: which elements, edges and clusters a diagram shows.

A view's selectors pick elements; edges between them come from the graph; clusters come from
``group_by``. Built-in views exist for every model (the overall diagram, integration,
organisation, one-stop network, and a context view per element); views defined in the model
add to them and replace a built-in of the same id. A view over its node limit is summarised:
elements of one kind under one parent collapse into a counted node, with a warning.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from eaf import codes
from eaf.diagnostics import Diagnostic, pointer_from_path
from eaf.i18n import kind_label, layer_label, tr
from eaf.model import DEFAULT_LAYER, Element, Model, lifecycle_state
from eaf.select import SelectorIndex, parse_selector
from eaf.spec.views import View

DEFAULT_MAX_NODES = 150
CONTEXT_MAX_NODES = 40

#: Edge types a diagram draws between two shown elements; ownership and per-unit scope edges
#: are left out (they would cover the drawing), except where a view asks for them.
DRAWN_EDGES = frozenset(
    {"interconnection", "parent", "part-of", "uses", "holds", "hosts", "portal", "delivers"}
)


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


@dataclass(frozen=True, slots=True)
class ViewDef:
    """A view to compute: its spec plus how built-ins treat edges."""

    spec: View
    builtin: bool = False
    routes: bool = False
    """Draw each interconnection along its route (from → via platforms → to)."""
    national_block: bool = False
    """Put national-level elements in their own block (the overall diagram)."""
    scope_edges: bool = False
    """Draw deployment / offer edges (the one-stop network)."""
    edge_types: frozenset[str] = DRAWN_EDGES
    """The edge types drawn between shown elements."""
    quiet: bool = False
    """Summarised without a warning: context views (one per element) and the one-stop
    network, whose per-unit edges are meant to be counted by district."""
    timeline: bool = False
    """Drawn as the roadmap's timeline (eaf.render.timeline), not laid out by Graphviz: the
    work packages it selects as bars in time, the plateaus as dates."""


def _names(key: str) -> dict[str, str]:
    """A built-in view's name in Vietnamese and English."""
    return {"name": tr("vi", key), "name_en": tr("en", key)}


def _builtin_specs(model: Model) -> list[ViewDef]:
    def view(**kw: Any) -> View:
        return View.model_validate(kw)

    defs = [
        ViewDef(
            view(
                id="tong-the",
                **_names("view.overall"),
                include=[
                    "kind:actor kind:channel kind:system kind:platform kind:data "
                    "kind:infrastructure"
                ],
                direction="TB",
                group_by="layer",
            ),
            builtin=True,
            national_block=True,
            edge_types=frozenset({"interconnection"}),
        ),
        ViewDef(
            view(
                id="tich-hop",
                **_names("view.integration"),
                include=["kind:platform"],
                direction="LR",
                group_by="layer",
            ),
            builtin=True,
            routes=True,
        ),
        ViewDef(
            view(
                id="to-chuc",
                **_names("view.organisation"),
                include=["kind:organization"],
                direction="LR",
                max_nodes=60,
            ),
            builtin=True,
        ),
        ViewDef(
            view(
                id="mot-cua",
                **_names("view.one_stop"),
                include=["kind:channel,type:counter"],
                direction="LR",
                max_nodes=40,
            ),
            builtin=True,
            scope_edges=True,
            quiet=True,
        ),
        ViewDef(
            view(id="lo-trinh", **_names("view.roadmap"), include=["kind:work_package"]),
            builtin=True,
            timeline=True,
        ),
    ]
    return defs


def view_defs(model: Model) -> list[ViewDef]:
    """Built-in views, replaced or joined by the model's own views, sorted by id."""
    by_id = {d.spec.id: d for d in _builtin_specs(model)}
    for element in model.of_kind("view"):
        assert isinstance(element.spec, View)
        builtin = by_id.get(element.spec.id)
        # A model view with a built-in's id replaces its selectors and keeps how it is drawn.
        if builtin is None:
            by_id[element.spec.id] = ViewDef(element.spec)
            continue
        spec = element.spec
        if spec.max_nodes is None and builtin.spec.max_nodes is not None:
            spec = spec.model_copy(update={"max_nodes": builtin.spec.max_nodes})
        by_id[spec.id] = replace(builtin, spec=spec, builtin=False)
    return [by_id[k] for k in sorted(by_id)]


def context_def(element: Element) -> ViewDef:
    """The context view of one element: it and its neighbours one hop away."""
    spec = View.model_validate(
        {
            "id": f"context-{element.id}",
            "name": element.spec.name,
            "name_en": element.spec.name_en,
            "include": [f"1+{element.id}+1"],
            "direction": "LR",
            "max_nodes": CONTEXT_MAX_NODES,
        }
    )
    return ViewDef(
        spec, builtin=True, edge_types=DRAWN_EDGES | {"deployed-to", "offered-by"}, quiet=True
    )


def _name(element: Element, lang: str) -> str:
    if lang == "en" and element.spec.name_en:
        return element.spec.name_en
    return element.spec.name


class ViewComputer:
    """Computes views over one model and graph (the selector index is shared)."""

    def __init__(
        self, model: Model, graph: nx.MultiDiGraph, lang: str = "vi", as_of: str | None = None
    ) -> None:
        self.model = model
        self.graph = graph
        self.lang = lang
        baseline = model.baseline()
        self.as_of = as_of if as_of is not None else (baseline.date if baseline else None)
        self.index = SelectorIndex(graph)
        self.layers = {e.id: e for e in model.of_kind("layer")}

    def select(self, texts: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for text in texts:
            selector, problems = parse_selector(text)
            if selector is not None and not problems:
                out |= self.index.evaluate(selector)
        return out

    def resolve_spec(self, spec: View, seen: frozenset[str] = frozenset()) -> View:
        """Apply ``extends``: the base's selectors and settings, then this view's own."""
        if spec.extends is None or spec.extends in seen:
            return spec
        base_el = self.model.elements.get(spec.extends)
        if base_el is None or not isinstance(base_el.spec, View):
            return spec
        base = self.resolve_spec(base_el.spec, seen | {spec.id})
        return spec.model_copy(
            update={
                "include": [*base.include, *spec.include],
                "exclude": [*base.exclude, *spec.exclude],
                "direction": spec.direction or base.direction,
                "group_by": spec.group_by or base.group_by,
                "styles": [*base.styles, *spec.styles],
                "max_nodes": spec.max_nodes or base.max_nodes,
            }
        )

    def compute(self, view: ViewDef) -> tuple[ComputedView, list[Diagnostic]]:
        spec = self.resolve_spec(view.spec)
        ids = self.select(spec.include) - self.select(spec.exclude)
        ids = {i for i in ids if self.graph.nodes[i]["kind"] not in ("view", "interconnection")}
        ids = {i for i in ids if self.state(i) != "gone"}
        edges: list[ViewEdge] = []
        if view.routes:
            ids, edges = self._routes(ids)
        else:
            edges = self._edges(ids, view)
        if view.scope_edges:
            for edge in edges:
                ids.update((edge.source, edge.target))
        styles = self._styles(spec, ids)
        nodes = [
            replace(self._node(self.model.elements[i], spec, view), style=styles.get(i, ()))
            for i in sorted(ids)
        ]
        groups = self._groups(nodes, spec, view)
        title = spec.title or (spec.name_en if self.lang == "en" and spec.name_en else spec.name)
        computed = ComputedView(
            id=spec.id,
            title=title,
            direction=str(spec.direction or "TB"),
            nodes=tuple(nodes),
            edges=_unique_edges(edges),
            groups=groups,
            builtin=view.builtin,
            ranks=tuple(tuple(sorted(self.select(group) & ids)) for group in spec.rank_same),
        )
        limit = spec.max_nodes or DEFAULT_MAX_NODES
        diags: list[Diagnostic] = []
        if len(computed.nodes) > limit:
            before = len(computed.nodes)
            computed = summarise(computed, limit, self.model, self.lang)
            if not view.quiet:
                diags.append(self._too_big(view, before, len(computed.nodes), limit))
        return computed, diags

    def _styles(self, spec: View, ids: set[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """The view's styles by selector, later ones winning, as DOT attributes per node."""
        out: dict[str, dict[str, str]] = {}
        for style in spec.styles:
            attrs: dict[str, str] = {}
            if style.color:
                attrs["color"] = style.color
            if style.fill:
                attrs["fillcolor"] = style.fill
            if style.shape:
                attrs["shape"] = style.shape
            if style.dashed is not None:
                attrs["style"] = "filled,dashed" if style.dashed else "filled"
            for node in self.select([style.select]) & ids:
                out.setdefault(node, {}).update(attrs)
        return {k: tuple(sorted(v.items())) for k, v in out.items()}

    def _too_big(self, view: ViewDef, before: int, after: int, limit: int) -> Diagnostic:
        location = None
        pointer = ""
        element = self.model.elements.get(view.spec.id)
        if element is not None and not view.builtin:
            positions = self.model.positions.get(element.file)
            if positions is not None:
                location, matched = positions.locate((*element.path, "id"))
                pointer = pointer_from_path(matched)
        return codes.VIEW_SUMMARISED(
            f"view '{view.spec.id}' has {before} elements, more than {limit}: elements of one "
            f"kind under one parent are drawn as counted groups ({after} nodes)",
            location,
            pointer=pointer,
        )

    def state(self, element_id: str) -> str:
        element = self.model.elements.get(element_id)
        return lifecycle_state(element, self.as_of) if element else "active"

    def _edges(self, ids: set[str], view: ViewDef) -> list[ViewEdge]:
        out = []
        scope = view.scope_edges
        drawn = view.edge_types | ({"deployed-to", "offered-by"} if scope else set())
        for source in sorted(ids):
            for _, target, key, data in self.graph.out_edges(source, keys=True, data=True):
                kind = data["type"]
                if kind not in drawn or self.state(target) == "gone":
                    continue
                state = self.state(key) if kind == "interconnection" else "active"
                if state == "gone":
                    continue
                if target in ids or (scope and kind in ("deployed-to", "offered-by")):
                    out.append(ViewEdge(source, target, kind, state=state))
        return out

    def _routes(self, ids: set[str]) -> tuple[set[str], list[ViewEdge]]:
        """Interconnections drawn along their routes: from → via… → to."""
        shown = set(ids)
        edges: list[ViewEdge] = []
        for element in self.model.of_kind("interconnection"):
            spec: Any = element.spec
            path = [spec.from_, *spec.via, spec.to]
            if not all(p in self.model.elements for p in path):
                continue
            shown.update(path)
            state = lifecycle_state(element, self.as_of)
            if state == "gone" or any(self.state(p) == "gone" for p in path):
                continue
            for a, b in itertools.pairwise(path):
                if a != b:
                    edges.append(ViewEdge(a, b, "interconnection", state=state))
        return shown, edges

    def _node(self, element: Element, spec: View, view: ViewDef) -> ViewNode:
        name = _name(element, self.lang)
        description = element.spec.description or ""
        tooltip = f"{kind_label(self.lang, element.kind)}: {name}" + (
            f"\n{description}" if description else ""
        )
        return ViewNode(
            id=element.id,
            kind=element.kind,
            label=name,
            tooltip=tooltip,
            group=self._group_of(element, spec, view),
            element=element.id,
            layer=self._layer_of(element),
            state=lifecycle_state(element, self.as_of),
        )

    def _layer_of(self, element: Element) -> str | None:
        layer = element.spec.__dict__.get("layer") or DEFAULT_LAYER.get(element.kind)
        return f"layer:{layer}" if layer in self.layers else None

    def _group_of(self, element: Element, spec: View, view: ViewDef) -> str | None:
        values = element.spec.__dict__
        if view.national_block and "national" in (values.get("level"), values.get("scope")):
            return "national"
        by = str(spec.group_by) if spec.group_by else None
        if by == "layer":
            layer = values.get("layer") or DEFAULT_LAYER.get(element.kind)
            return f"layer:{layer}" if layer else None
        if by in ("parent", "owner"):
            target = values.get("parent" if by == "parent" else "owner") or values.get("owner")
            return f"{by}:{target}" if target else None
        if by == "plateau":
            phase = values.get("phase")
            return f"plateau:{phase}" if phase else None
        return None

    def _groups(self, nodes: list[ViewNode], spec: View, view: ViewDef) -> tuple[ViewGroup, ...]:
        keys = {n.group for n in nodes if n.group}
        out: list[ViewGroup] = []
        if view.national_block:
            # The overall diagram shows every layer of the framework, side bands included.
            keys |= {f"layer:{layer}" for layer in self.layers}
        for key in sorted(keys):
            kind, _, ref = key.partition(":")
            if key == "national":
                out.append(
                    ViewGroup(key, tr(self.lang, "diagram.national_block"), 10_000, side=True)
                )
                continue
            element = self.model.elements.get(ref)
            label = _name(element, self.lang) if element else ref
            if element is None and kind == "layer":  # a built-in layer the model does not define
                label = layer_label(self.lang, ref)
            order = 0
            side = False
            if kind == "layer" and element is not None:
                order = int(element.spec.__dict__.get("order", 0))
                side = bool(element.spec.__dict__.get("side", False))
            out.append(ViewGroup(key, label, order, side))
        out.sort(key=lambda g: (g.order, g.key))
        return tuple(out)


def _unique_edges(edges: Iterable[ViewEdge]) -> tuple[ViewEdge, ...]:
    """One edge per (source, target, type); an active one wins over planned or retired."""
    best: dict[tuple[str, str, str], ViewEdge] = {}
    rank = {"active": 0, "retired": 1, "planned": 2}
    for e in edges:
        key = (e.source, e.target, e.type)
        if key not in best or rank.get(e.state, 3) < rank.get(best[key].state, 3):
            best[key] = e
    return tuple(best[k] for k in sorted(best))


def summarise(view: ComputedView, limit: int, model: Model, lang: str) -> ComputedView:
    """Collapse elements of one kind under one parent into counted nodes until the view fits
    under ``limit``. A kind is collapsed whole (all its groups), most numerous kind first, so
    the drawing treats alike things alike (every district's communes, not just some)."""
    buckets: dict[tuple[str, str, str | None], list[ViewNode]] = defaultdict(list)
    for node in view.nodes:
        element = model.elements.get(node.element or "")
        values = element.spec.__dict__ if element else {}
        parent = values.get("parent") or values.get("owner") or ""
        level = str(values.get("level") or values.get("category") or values.get("type") or "")
        buckets[(node.kind, f"{level}|{parent}", node.group)].append(node)
    per_kind: dict[str, int] = defaultdict(int)
    for node in view.nodes:
        per_kind[node.kind] += 1
    replaced: dict[str, str] = {}
    count = len(view.nodes)
    summary_nodes: list[ViewNode] = []
    for kind in sorted(per_kind, key=lambda k: (-per_kind[k], k)):
        if count <= limit:
            break
        for (bkind, key, group), members in sorted(
            buckets.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")
        ):
            if bkind != kind or len(members) < 2:
                continue
            level, _, parent = key.partition("|")
            parent_el = model.elements.get(parent)
            where = f" – {_name(parent_el, lang)}" if parent_el else ""
            if kind == "organization" and level:
                noun = tr(lang, f"summary.level.{level}")
            else:
                noun = kind_label(lang, kind).lower()
            sid = f"summary:{kind}:{key}:{group or ''}"
            label = f"{len(members)} {noun}{where}"
            names = ", ".join(sorted(m.label for m in members))
            states = {m.state for m in members}
            summary_nodes.append(
                ViewNode(
                    sid,
                    kind,
                    label,
                    names[:1000],
                    group,
                    None,
                    states.pop() if len(states) == 1 else "active",
                    len(members),
                    layer=members[0].layer,
                )
            )
            for m in members:
                replaced[m.id] = sid
            count -= len(members) - 1
    nodes = [n for n in view.nodes if n.id not in replaced] + summary_nodes
    # Edges into a counted node merge per type and state: a planned or retired link stays
    # drawn as such; one edge alone keeps its label.
    merged: dict[tuple[str, str, str, str], list[ViewEdge]] = defaultdict(list)
    for e in view.edges:
        source, target = replaced.get(e.source, e.source), replaced.get(e.target, e.target)
        if source != target:
            merged[(source, target, e.type, e.state)].append(e)
    edges = tuple(
        ViewEdge(
            s,
            t,
            k,
            label=group[0].label if len(group) == 1 else "",
            count=sum(e.count for e in group),
            state=state,
        )
        for (s, t, k, state), group in sorted(merged.items())
    )
    return replace(
        view,
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=edges,
        summarised=True,
    )
