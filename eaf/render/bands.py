"""Where the boxes of a banded view go: the overall diagram's layer cake and the organisation
chart, placed by eaf, not by Graphviz's ranking (which cannot keep bands of rows the same width
and in line). Pure geometry in points, y growing upwards as in Graphviz (so the y here are
negative, from the top at 0); eaf.render.dot writes it as `pos` and `bb` for `neato -n2`.

Every box is as wide as the widest label; a band's rows hold at most as many boxes as fit in
ROW_WIDTH less the side bars' room, as even as can be, in the order of their names, centred in
the width of the widest row; bands are stacked in their groups' order; a node drawn under
another (a district's counted communes) is in the next row, under it; side bars (security,
governance, external systems) stand beside the province's bands, the first on the left, the
others on the right; the national band is under the province's bands and
has no side bars beside it."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from eaf.render.text import estimated_width, shorten, wrap
from eaf.views import ComputedView, ViewGroup, ViewNode

ROW = 6  # at most this many boxes in a row
ROW_WIDTH = 850.0  # a row is at most about this wide
BOX_MIN = 100.0  # the narrowest box
GAP_X, GAP_Y = 30.0, 18.0  # between two boxes of a row, between two rows
PAD, LABEL = 12.0, 24.0  # inside a band around its rows; a band's label above them
BETWEEN = 22.0  # between two bands, where edges pass
LABEL_CHAR = 7.6  # the width of a character of a band's label

#: How much taller than a box a shape must be for the same lines to fit inside it.
TALLER = {"hexagon": 1.4, "ellipse": 1.3, "cylinder": 1.25}


def box_height(node: ViewNode, shape: str) -> float:
    """A node's height: its lines, more for a shape narrower at the top."""
    lines = len(wrap(shorten(node.label)))
    return max((lines * 13 + 14) * TALLER.get(shape, 1.0), 36.0)


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a band: (node, place) pairs, a place counted in boxes from the row's left
    (a node under another has its anchor's place), and the row's height."""

    nodes: tuple[tuple[str, int], ...]
    height: float
    width: int
    """How many places the row spans (its anchors' row's length for a row under it)."""


@dataclass(slots=True)
class Bands:
    """A banded view's geometry."""

    box: float
    """Every box's width."""
    heights: dict[str, float]
    pos: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Node id → its centre."""
    bb: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    """Group key → its band's box (left, bottom, right, top)."""
    order: list[ViewGroup] = field(default_factory=list)
    """The groups drawn, main bands top down, then the side bars."""


def lay_out(view: ComputedView, shape_of: dict[str, str]) -> Bands:
    """Place every node of a banded view and every band (``shape_of``: node id → shape)."""
    members: dict[str | None, list[ViewNode]] = defaultdict(list)
    for node in view.nodes:
        members[node.group].append(node)
    main = [g for g in view.groups if not g.side and members.get(g.key)]
    sides = [g for g in view.groups if g.side and members.get(g.key)]
    shown = [n for g in main + sides for n in members[g.key]]
    box = max([estimated_width(n.label) for n in shown] + [BOX_MIN])
    heights = {n.id: box_height(n, shape_of.get(n.id, "box")) for n in shown}
    out = Bands(box, heights, order=main + sides)
    bar = max([box] + [len(g.label) * LABEL_CHAR for g in sides]) + 2 * PAD
    # The side bars take their room from the rows': the whole stays about ROW_WIDTH wide.
    room = ROW_WIDTH - len(sides) * (bar + BETWEEN)
    fits = max(1, min(ROW, int((room + GAP_X) // (box + GAP_X))))
    rows = {g.key: _rows(members[g.key], fits, heights) for g in main}
    slots = max((r.width for rs in rows.values() for r in rs), default=1)
    # A band is at least as wide as its label (13-point text, wider than a box's).
    inner = max([slots * (box + GAP_X) - GAP_X] + [len(g.label) * LABEL_CHAR for g in main])
    x0 = (bar + BETWEEN) * len(sides[:1])
    y = 0.0
    province_bottom = None
    for group in main:
        if group.key == "national" and province_bottom is None:
            province_bottom = y + BETWEEN
        top = y
        y -= LABEL + PAD
        for row in rows[group.key]:
            start = x0 + PAD + (inner - (row.width * (box + GAP_X) - GAP_X)) / 2
            for node_id, place in row.nodes:
                x = start + place * (box + GAP_X) + box / 2
                out.pos[node_id] = (x, y - row.height / 2)
            y -= row.height + GAP_Y
        y += GAP_Y - PAD
        out.bb[group.key] = (x0, y, x0 + inner + 2 * PAD, top)
        y -= BETWEEN
    bottom = province_bottom if province_bottom is not None else y + BETWEEN
    right = x0 + inner + 2 * PAD + BETWEEN
    for k, group in enumerate(sides):
        left = 0.0 if k == 0 else right + (k - 1) * (bar + BETWEEN)
        nodes = sorted(members[group.key], key=lambda n: (n.label, n.id))
        step = (-bottom - LABEL - PAD) / len(nodes)
        for i, node in enumerate(nodes):
            out.pos[node.id] = (left + bar / 2, -LABEL - PAD - step * (i + 0.5))
        out.bb[group.key] = (left, bottom, left + bar, 0.0)
    return out


def _rows(nodes: list[ViewNode], fits: int, heights: dict[str, float]) -> list[Row]:
    """A band's nodes in rows of at most ``fits`` boxes, as even as can be, in the order of
    their names; each node drawn under another in the row under its anchor."""
    nodes = sorted(nodes, key=lambda n: (n.layer or "", n.label, n.id))
    here = {n.id for n in nodes}
    hanging: dict[str, list[ViewNode]] = defaultdict(list)
    for node in nodes:
        if node.below in here:
            hanging[node.below].append(node)
    anchors = [n for n in nodes if n.below not in here]
    per_row = math.ceil(len(anchors) / math.ceil(len(anchors) / fits))
    rows: list[Row] = []
    for start in range(0, len(anchors), per_row):
        row = anchors[start : start + per_row]
        height = max(heights[n.id] for n in row)
        rows.append(Row(tuple((n.id, i) for i, n in enumerate(row)), height, len(row)))
        under = [(hung[0].id, i) for i, a in enumerate(row) if (hung := hanging.get(a.id))]
        if under:
            height = max(heights[n] for n, _ in under)
            rows.append(Row(tuple(under), height, len(row)))
    return rows
