"""Computing a view over a model and its graph: which elements its selectors pick, the edges
between them, the clusters of `group_by`, and the summary of a view over its node limit."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import networkx as nx

from eaf import codes
from eaf.diagnostics import Diagnostic, pointer_from_path
from eaf.i18n import kind_label, layer_label, tr
from eaf.model import DEFAULT_LAYER, Element, Model, lifecycle_state
from eaf.select import SelectorIndex, parse_selector
from eaf.spec.views import View
from eaf.views.defs import ViewDef
from eaf.views.summary import LEVELS_UP, count_alike, count_units, summarise
from eaf.views.types import (
    DEFAULT_MAX_NODES,
    ComputedView,
    ViewEdge,
    ViewGroup,
    ViewNode,
    element_name,
)

#: An organisation chart's bands from the top.
LEVELS_DOWN = tuple(reversed(LEVELS_UP))


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
        self._states: dict[str, str] = {}
        """Each element's state on `as_of`, as asked (a context view asks of every neighbour's
        neighbours: the site computes hundreds of views)."""

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
        if view.focus is not None:
            ids, edges = self._star(view.focus, view)
        elif view.routes:
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
        title = spec.title or (spec.name_en if self.lang == "en" and spec.name_en else spec.name)
        computed = ComputedView(
            id=spec.id,
            title=title,
            direction=str(spec.direction or "TB"),
            nodes=tuple(nodes),
            edges=_unique_edges(edges),
            groups=self._groups(nodes, spec, view),
            builtin=view.builtin,
            ranks=tuple(tuple(sorted(self.select(group) & ids)) for group in spec.rank_same),
            layout=_layout(spec, view, nodes),
            focus=view.focus,
        )
        limit = spec.max_nodes or DEFAULT_MAX_NODES
        diags: list[Diagnostic] = []
        if len(computed.nodes) > limit:
            before = len(computed.nodes)
            if view.focus is not None:
                computed = count_alike(computed, limit, self.model, self.lang)
            elif view.org_chart:
                computed = count_units(computed, limit, self.model, self.lang)
            else:
                computed = summarise(computed, limit, self.model, self.lang)
            if not view.quiet:
                diags.append(self._too_big(view, before, len(computed.nodes), limit))
        if view.org_chart:
            computed = replace(computed, groups=self._level_groups(computed.nodes))
        if view.focus is not None:
            computed = self._by_relation(computed, view.focus)
        return computed, diags

    def _by_relation(self, view: ComputedView, focus: str) -> ComputedView:
        """A star's neighbours joined to its element in one same way, two or more, framed
        together under the relation's words ("cung cấp"), their edges then unlabelled."""
        ties: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for e in view.edges:
            if e.source == focus:
                ties[e.target].add((e.type, "out"))
            elif e.target == focus:
                ties[e.source].add((e.type, "in"))
        way = {n: "relation:{}:{}".format(*next(iter(t))) for n, t in ties.items() if len(t) == 1}
        shared = {k for k, count in Counter(way.values()).items() if count > 1}
        framed = {n for n, k in way.items() if k in shared}
        groups = []
        for key in sorted(shared):
            _, kind, direction = key.split(":")
            groups.append(
                ViewGroup(key, _capital(tr(self.lang, f"relation.{kind}")), int(direction == "out"))
            )
        return replace(
            view,
            nodes=tuple(replace(n, group=way[n.id]) if n.id in framed else n for n in view.nodes),
            edges=tuple(
                replace(e, label="") if {e.source, e.target} & framed else e for e in view.edges
            ),
            groups=tuple(sorted(groups, key=lambda g: (g.order, g.key))),
        )

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
        state = self._states.get(element_id)
        if state is None:
            element = self.model.elements.get(element_id)
            state = lifecycle_state(element, self.as_of) if element else "active"
            self._states[element_id] = state
        return state

    def _edges(self, ids: set[str], view: ViewDef) -> list[ViewEdge]:
        out = []
        scope = view.scope_edges
        drawn = view.edge_types | ({"deployed-to", "offered-by"} if scope else set())
        for source in sorted(ids):
            for _, target, key, data in self.graph.out_edges(source, keys=True, data=True):
                kind = data["type"]
                if kind not in drawn or not (
                    target in ids or (scope and kind in ("deployed-to", "offered-by"))
                ):
                    continue
                if self.state(target) == "gone":
                    continue
                state = self.state(key) if kind == "interconnection" else "active"
                if state != "gone":
                    out.append(ViewEdge(source, target, kind, state=state))
        return out

    def _star(self, focus: str, view: ViewDef) -> tuple[set[str], list[ViewEdge]]:
        """An element, its direct neighbours and the edges between it and them, each labelled
        with the relation read from its source ("kết nối tới", "triển khai tới")."""
        ids = {focus}
        edges: list[ViewEdge] = []
        if focus not in self.graph:
            return ids, edges
        ends = [
            (focus, target, key, data)
            for _, target, key, data in self.graph.out_edges(focus, keys=True, data=True)
        ]
        ends += [
            (source, focus, key, data)
            for source, _, key, data in self.graph.in_edges(focus, keys=True, data=True)
        ]
        for source, target, key, data in ends:
            kind = data["type"]
            other = target if source == focus else source
            if (
                kind not in view.edge_types
                or other == focus
                or self.graph.nodes[other]["kind"] in ("view", "interconnection")
                or self.state(other) == "gone"
            ):
                continue
            state = self.state(key) if kind == "interconnection" else "active"
            if state == "gone":
                continue
            ids.add(other)
            words = tr(self.lang, f"relation.{kind}")
            edges.append(ViewEdge(source, target, kind, label=words, state=state))
        return ids, edges

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
        name = element_name(element, self.lang)
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
            state=self.state(element.id),
        )

    def _layer_of(self, element: Element) -> str | None:
        layer = element.spec.__dict__.get("layer") or DEFAULT_LAYER.get(element.kind)
        return f"layer:{layer}" if layer in self.layers else None

    def _group_of(self, element: Element, spec: View, view: ViewDef) -> str | None:
        values = element.spec.__dict__
        if view.org_chart:
            level = values.get("level")
            return f"level:{level}" if level in LEVELS_UP else None
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

    def _level_groups(self, nodes: Iterable[ViewNode]) -> tuple[ViewGroup, ...]:
        """An organisation chart's bands, one per level of government from the top; a band
        holding the counted units of the level below says so ("Cấp huyện, cấp xã")."""
        levels: dict[str, set[str]] = defaultdict(set)
        for node in nodes:
            if node.group is not None:
                levels[node.group].add((node.layer or node.group).removeprefix("level:"))
        out = []
        for key, shown in levels.items():
            words = [tr(self.lang, f"diagram.level.{lv}") for lv in LEVELS_DOWN if lv in shown]
            label = words[0] + "".join(f", {w[:1].lower()}{w[1:]}" for w in words[1:])
            order = LEVELS_DOWN.index(key.removeprefix("level:"))
            out.append(ViewGroup(key, label, order))
        return tuple(sorted(out, key=lambda g: (g.order, g.key)))

    def _groups(self, nodes: list[ViewNode], spec: View, view: ViewDef) -> tuple[ViewGroup, ...]:
        keys = {n.group for n in nodes if n.group}
        out: list[ViewGroup] = []
        for key in sorted(keys):
            kind, _, ref = key.partition(":")
            if key == "national":
                # The national systems: a band of their own under the province's layers.
                out.append(ViewGroup(key, tr(self.lang, "diagram.national_block"), 10_000))
                continue
            element = self.model.elements.get(ref)
            label = element_name(element, self.lang) if element else ref
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


def _layout(spec: View, view: ViewDef, nodes: list[ViewNode]) -> str:
    """A context view is a star; a top-down view by layer (the overall diagram) or by level
    (the organisation chart) whose every element is in a band is drawn as bands."""
    if view.focus is not None:
        return "star"
    by_bands = view.org_chart or (spec.group_by is not None and str(spec.group_by) == "layer")
    top_down = spec.direction is None or str(spec.direction) == "TB"
    if by_bands and top_down and nodes and all(n.group for n in nodes):
        return "bands"
    return "graph"


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _unique_edges(edges: Iterable[ViewEdge]) -> tuple[ViewEdge, ...]:
    """One edge per (source, target, type); an active one wins over planned or retired."""
    best: dict[tuple[str, str, str], ViewEdge] = {}
    rank = {"active": 0, "retired": 1, "planned": 2}
    for e in edges:
        key = (e.source, e.target, e.type)
        if key not in best or rank.get(e.state, 3) < rank.get(best[key].state, 3):
            best[key] = e
    return tuple(best[k] for k in sorted(best))
