"""A view over its node limit, summarised: elements of one kind under one parent collapse into
a counted node, kind by kind, the most numerous first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from eaf.i18n import kind_label, tr
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
