"""Views: diagram definitions as data."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from eaf.spec.types import LAX, ElementSpec, Name, Selector, Slug, Strict, ViewRef, new_list


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


class Style(Strict):
    """Style applied to the elements a selector matches."""

    select: Selector
    """The elements styled, e.g. 'tag:national' or 'kind:platform'."""
    color: Name | None = None
    """Line colour, a name or #rrggbb."""
    fill: Name | None = None
    """Fill colour, a name or #rrggbb."""
    shape: Slug | None = None
    """A Graphviz shape name, e.g. 'box', 'cylinder', 'component'."""
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
