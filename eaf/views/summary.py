"""A view over its node limit, summarised: elements of one kind under one parent collapse into
a counted node, kind by kind, the most numerous first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from eaf.i18n import kind_label, kind_plural, tr
from eaf.model import Model
from eaf.views.types import ComputedView, ViewEdge, ViewNode, element_name


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
            where = f" – {element_name(parent_el, lang)}" if parent_el else ""
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
    # Edges into a counted node merge per type and state: a planned or retired link stays
    # drawn as such; one edge alone keeps its label.
    return _merge(view, summary_nodes, replaced, common_label=False)


#: Levels of government from the lowest up: an organisation chart over its limit counts the
#: units of the lowest level first, under their parent.
LEVELS_UP = ("commune", "district", "department", "province", "national")


#: A counted node's tooltip lists its members' names up to this many characters (a diagram's
#: tooltip is at most 600), each name whole.
NAMES_MAX = 580


def _names(names: list[str]) -> str:
    """The names joined by commas, as many as fit in NAMES_MAX whole, then an ellipsis."""
    shown: list[str] = []
    size = 0
    for n in names:
        size += len(n) + 2
        if size > NAMES_MAX - 3:
            return ", ".join([*shown, "…"])
        shown.append(n)
    return ", ".join(shown)


def _counted(members: list[ViewNode], sid: str, label: str, **fields: str | None) -> ViewNode:
    """One node standing for ``members``: their count in its label, their names as tooltip."""
    states = {m.state for m in members}
    return ViewNode(
        sid,
        members[0].kind,
        label,
        _names(sorted(m.label for m in members)),
        fields.get("group"),
        None,
        states.pop() if len(states) == 1 else "active",
        len(members),
        layer=fields.get("layer", members[0].layer),
        link=fields.get("link"),
        below=fields.get("below"),
    )


def _label(group: list[ViewEdge], *, common: bool) -> str:
    """The label of edges merged into one: the one they all have (``common``), else that of an
    edge alone; none otherwise."""
    alike = {e.label for e in group} if common else group
    return group[0].label if len(alike) == 1 else ""


def _merge(
    view: ComputedView,
    nodes: list[ViewNode],
    replaced: dict[str, str],
    *,
    common_label: bool = True,
) -> ComputedView:
    """The view with ``replaced`` nodes gone into counted ones: their edges merge per type
    and state, keeping the label they have in common (or, without ``common_label``, only the
    label of an edge that stands alone)."""
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
            label=_label(group, common=common_label),
            count=sum(e.count for e in group),
            state=state,
        )
        for (s, t, k, state), group in sorted(merged.items())
    )
    kept = [n for n in view.nodes if n.id not in replaced]
    return replace(
        view,
        nodes=tuple(sorted([*kept, *nodes], key=lambda n: n.id)),
        edges=edges,
        summarised=True,
    )


def _noun(model: Model, node: ViewNode, lang: str) -> tuple[str, str]:
    """What a group of alike nodes is called, and the key that makes nodes alike: a level of
    government for units ('xã, phường, thị trấn'), else the kind ('thủ tục hành chính')."""
    element = model.elements.get(node.element or "")
    level = str(element.spec.__dict__.get("level") or "") if element else ""
    if node.kind == "organization" and level:
        return tr(lang, f"summary.level.{level}"), level
    return kind_plural(lang, node.kind).lower(), ""


#: Neighbours alike: (kind, level, their ties to the element: (edge type, outgoing?)…).
_Alike = tuple[str, str, tuple[tuple[str, bool], ...]]


def count_alike(view: ComputedView, limit: int, model: Model, lang: str) -> ComputedView:
    """A context diagram over ``limit`` nodes: the neighbours joined to its element in the
    same way (same relations, same direction), of one kind and level, are counted in one node
    ("91 xã, phường, thị trấn"), the largest group first, until the diagram fits."""
    if len(view.nodes) <= limit or view.focus is None:
        return view
    focus = view.focus
    ties: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    for e in view.edges:
        if e.source == focus:
            ties[e.target].add((e.type, True))
        elif e.target == focus:
            ties[e.source].add((e.type, False))
    groups: dict[_Alike, list[ViewNode]] = defaultdict(list)
    nouns: dict[_Alike, str] = {}
    for node in view.nodes:
        if node.id == focus:
            continue
        noun, alike = _noun(model, node, lang)
        key = (node.kind, alike, tuple(sorted(ties[node.id])))
        groups[key].append(node)
        nouns[key] = noun
    count = len(view.nodes)
    replaced: dict[str, str] = {}
    counted: list[ViewNode] = []

    # A unit's own units are counted last: its page is where they are drawn one by one.
    def order(kv: tuple[_Alike, list[ViewNode]]) -> tuple[bool, int, _Alike]:
        return (kv[0][2] == (("parent", True),), -len(kv[1]), kv[0])

    for key, members in sorted(groups.items(), key=order):
        if count <= limit:
            break
        if len(members) < 2:
            continue
        sid = f"summary:{key[0]}:{key[1]}:" + ";".join(f"{t}{'>' if o else '<'}" for t, o in key[2])
        counted.append(_counted(members, sid, f"{len(members)} {nouns[key]}"))
        replaced.update((m.id, sid) for m in members)
        count -= len(members) - 1
    return _merge(view, counted, replaced)


def count_units(view: ComputedView, limit: int, model: Model, lang: str) -> ComputedView:
    """An organisation chart over ``limit`` nodes: the units of the lowest level are counted
    under their parent ("14 xã, phường, thị trấn" under its district, opening the district's
    page), then those of the next level up, until the chart fits."""
    by_id = {n.id: n for n in view.nodes}
    replaced: dict[str, str] = {}
    counted: list[ViewNode] = []
    count = len(view.nodes)
    for level in LEVELS_UP:
        if count <= limit:
            break
        under: dict[str, list[ViewNode]] = defaultdict(list)
        for node in view.nodes:
            element = model.elements.get(node.element or "")
            if element is None or node.id in replaced:
                continue
            values = element.spec.__dict__
            if str(values.get("level") or "") == level:
                under[str(values.get("parent") or "")].append(node)
        for parent, members in sorted(under.items()):
            if len(members) < 2:
                continue
            shown = by_id.get(parent)
            sid = f"summary:organization:{level}|{parent}"
            label = f"{len(members)} {tr(lang, f'summary.level.{level}')}"
            group = shown.group if shown is not None else members[0].group
            below = parent if shown is not None else None
            link = parent if parent in model.elements else None
            counted.append(
                _counted(
                    members,
                    sid,
                    label,
                    group=group,
                    below=below,
                    link=link,
                    layer=f"level:{level}",
                )
            )
            replaced.update((m.id, sid) for m in members)
            count -= len(members) - 1
    return _merge(view, counted, replaced) if counted else view
