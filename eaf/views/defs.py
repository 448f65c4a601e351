"""Views as data: the built-in views every model has, the model's own views joined to them,
and the context view of an element."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from eaf.i18n import tr
from eaf.model import Element, Model
from eaf.spec.views import View
from eaf.views.types import CONTEXT_MAX_NODES, DRAWN_EDGES, STAR_EDGES


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
    org_chart: bool = False
    """Drawn as an organisation chart: a band per level of government, top down; over the
    view's limit, the units of the lowest level are counted under their parent."""
    focus: str | None = None
    """A context diagram's element: drawn with its direct neighbours and the edges that touch
    it only, groups of alike neighbours counted in one node."""


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
                direction="TB",
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
                direction="TB",
                max_nodes=60,
            ),
            builtin=True,
            org_chart=True,
            quiet=True,
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


#: The kinds without context diagrams in a model too big for one per element: procedures,
#: data sets and work packages number in thousands and are alike; each is drawn as a neighbour
#: in the diagrams of the systems, units and platforms it belongs to (and so are the
#: commune-level units, see `has_context`). Every other element keeps its diagram: the
#: systems, platforms, infrastructure, channels and organisations a reader opens, and the
#: framework's few layers, KPIs, plateaus and rules.
MANY_KINDS = frozenset({"service", "data", "work_package"})


def has_context(element: Element) -> bool:
    """Whether an element keeps its context diagram in a large model: not one of
    `MANY_KINDS`, nor a commune-level organisation (a ward, a commune's one-stop unit)."""
    if element.kind == "organization":
        return element.spec.__dict__.get("level") != "commune"
    return element.kind not in MANY_KINDS


def context_elements(model: Model, all_up_to: int | None = None) -> list[Element]:
    """The elements a context diagram is drawn for: every one (but views and
    interconnections, which are drawn as edges) while the model has at most ``all_up_to``
    elements (None: no limit), else only those `has_context` names."""
    elements = [e for e in model if e.kind not in ("view", "interconnection")]
    if all_up_to is None or len(model) <= all_up_to:
        return elements
    return [e for e in elements if has_context(e)]


def context_def(element: Element) -> ViewDef:
    """The context view of one element: it and its neighbours one hop away, joined to it by
    any relation (ownership, scopes and succession included)."""
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
    return ViewDef(spec, builtin=True, edge_types=STAR_EDGES, quiet=True, focus=element.id)
