"""Views: diagram definitions as data."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from eaf.spec.types import LAX, ElementSpec, Name, Selector, Strict, ViewRef, new_list


class LayoutDirection(StrEnum):
    """Direction of a diagram's layout."""

    TB = "TB"
    LR = "LR"
    BT = "BT"
    RL = "RL"


class GroupBy(StrEnum):
    """How a view clusters its elements."""

    NONE = "none"
    LAYER = "layer"
    PARENT = "parent"
    OWNER = "owner"
    PLATEAU = "plateau"


#: The Graphviz node shapes a view's style may use: shapes that draw the node's name as its
#: label. Not 'record' or 'Mrecord' (they read '{', '|' and '<' in a name as fields and ports),
#: not 'point' (it hides the name). Plain text, not an enumeration: shape names are Graphviz's
#: words, shown as written in every language.
SHAPES = (
    "box",
    "rect",
    "rectangle",
    "square",
    "plain",
    "plaintext",
    "ellipse",
    "oval",
    "circle",
    "doublecircle",
    "egg",
    "diamond",
    "triangle",
    "invtriangle",
    "trapezium",
    "invtrapezium",
    "parallelogram",
    "house",
    "invhouse",
    "pentagon",
    "hexagon",
    "septagon",
    "octagon",
    "doubleoctagon",
    "tripleoctagon",
    "cylinder",
    "note",
    "tab",
    "folder",
    "box3d",
    "component",
    "cds",
    "underline",
    "star",
)


def _shape(value: str) -> str:
    if value not in SHAPES:
        from eaf.suggest import did_you_mean  # only for a wrong shape: rapidfuzz loads slowly

        guess = did_you_mean(value, SHAPES)
        raise PydanticCustomError(
            "shape",
            "'{value}' is not a shape a view's style may use{guess}",
            {
                "value": value,
                "guess": f" (did you mean '{guess}'?)" if guess else "",
                "allowed": ", ".join(SHAPES),
            },
        )
    return value


Shape = Annotated[
    str, AfterValidator(_shape), WithJsonSchema({"type": "string", "enum": list(SHAPES)})
]


#: A colour: a name (letters and digits, as Graphviz and SVG name them) or #rrggbb / #rrggbbaa.
_COLOUR = re.compile(r"[A-Za-z][A-Za-z0-9]{0,39}|#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?")


def _colour(value: str) -> str:
    if _COLOUR.fullmatch(value) is None:
        raise PydanticCustomError(
            "colour",
            "not a colour: a colour name such as 'steelblue', or '#rrggbb'",
        )
    return value


Colour = Annotated[
    str,
    AfterValidator(_colour),
    WithJsonSchema({"type": "string", "pattern": f"^(?:{_COLOUR.pattern})$"}),
]


class Style(Strict):
    """Style applied to the elements a selector matches."""

    select: Selector
    """The elements styled, e.g. 'tag:national' or 'kind:platform'."""
    color: Colour | None = None
    """Line colour, a name (e.g. 'steelblue') or #rrggbb."""
    fill: Colour | None = None
    """Fill colour, a name or #rrggbb."""
    shape: Shape | None = None
    """A Graphviz shape, e.g. 'box', 'cylinder', 'component' (not 'record' or 'Mrecord')."""
    dashed: bool | None = None
    """Draw the outline dashed."""


class View(ElementSpec):
    """A diagram: which elements it shows and how it lays them out."""

    title: Name | None = None
    """The title drawn above the diagram (defaults to the name)."""
    extends: ViewRef | None = None
    """Another view whose selectors and settings this one starts from."""
    include: list[Selector] = Field(default_factory=new_list)
    """Selectors of the elements shown."""
    exclude: list[Selector] = Field(default_factory=new_list)
    """Selectors of elements removed from what 'include' selects."""
    direction: Annotated[LayoutDirection, LAX] | None = None
    """Layout direction: TB (top to bottom), LR, BT or RL."""
    group_by: Annotated[GroupBy, LAX] | None = None
    """Clusters: none, layer, parent, owner or plateau."""
    rank_same: list[list[Selector]] = Field(default_factory=new_list)
    """Groups of elements drawn on the same rank, each group a list of selectors."""
    styles: list[Style] = Field(default_factory=new_list)
    """Styles by selector, applied in order."""
    max_nodes: int | None = Field(default=None, ge=1, le=2000)
    """Above this many elements the view is summarised (default about 150)."""
