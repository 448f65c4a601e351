"""Graphviz's layout of a view, for formats that place shapes themselves (ArchiMate diagrams,
draw.io pages, Structurizr views): each node's and each group's box in whole pixels, the
origin at the top left, as `dot -Tjson0` placed them.

Pure: the JSON text comes from the Graphviz runner (eaf.render); nodes are matched to the
view by the synthetic ids eaf.render.dot gives them (n1, n2, … in the order of node ids;
cluster_1, … in the order of the view's groups).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from eaf.views import ComputedView

POINTS_PER_INCH = 72.0
MARGIN = 12


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.w <= self.x + self.w
            and other.y + other.h <= self.y + self.h
        )


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    height: int
    nodes: dict[str, Box]
    """By the view's node id."""
    groups: dict[str, Box]
    """By the view's group key."""


class LayoutError(ValueError):
    """Graphviz's output does not match the view (a bug, not bad input)."""


def _box(x: float, y: float, w: float, h: float, height: float) -> Box:
    """A box from Graphviz's centre, size (points) and y axis pointing up."""
    left = round(x - w / 2) + MARGIN
    top = round(height - y - h / 2) + MARGIN
    return Box(max(left, 0), max(top, 0), max(round(w), 1), max(round(h), 1))


def parse_layout(view: ComputedView, text: str) -> Layout:
    """The layout of `view` from `dot -Tjson0` output of its DOT text."""
    data = json.loads(text)
    x0, y0, x1, y1 = (float(v) for v in str(data["bb"]).split(","))
    height = y1 - y0
    node_ids = {f"n{i}": n.id for i, n in enumerate(sorted(view.nodes, key=lambda n: n.id), 1)}
    group_keys = {f"cluster_{i}": g.key for i, g in enumerate(view.groups, 1)}
    nodes: dict[str, Box] = {}
    groups: dict[str, Box] = {}
    for obj in data.get("objects", []):
        name = str(obj.get("name", ""))
        if name in node_ids and "pos" in obj:
            x, y = (float(v) for v in str(obj["pos"]).split(","))
            w = float(obj["width"]) * POINTS_PER_INCH
            h = float(obj["height"]) * POINTS_PER_INCH
            nodes[node_ids[name]] = _box(x - x0, y - y0, w, h, height)
        elif name in group_keys and "bb" in obj:
            gx0, gy0, gx1, gy1 = (float(v) for v in str(obj["bb"]).split(","))
            groups[group_keys[name]] = _box(
                (gx0 + gx1) / 2 - x0, (gy0 + gy1) / 2 - y0, gx1 - gx0, gy1 - gy0, height
            )
    missing = set(node_ids.values()) - set(nodes)
    if missing:
        raise LayoutError(f"view '{view.id}': Graphviz placed no {sorted(missing)[0]}")
    return Layout(round(x1 - x0) + 2 * MARGIN, round(height) + 2 * MARGIN, nodes, groups)
