"""Views as data → computed views: which elements, edges and clusters a diagram shows.

A view's selectors pick elements; edges between them come from the graph; clusters come from
``group_by``. Built-in views exist for every model (the overall diagram, integration,
organisation, one-stop network, and a context view per element); views defined in the model
add to them and replace a built-in of the same id. A view over its node limit is summarised:
elements of one kind under one parent collapse into a counted node, with a warning.
"""

from eaf.views.compute import ViewComputer
from eaf.views.defs import ViewDef, context_def, context_elements, view_defs
from eaf.views.summary import summarise
from eaf.views.types import (
    CONTEXT_MAX_NODES,
    DEFAULT_MAX_NODES,
    DRAWN_EDGES,
    ComputedView,
    ViewEdge,
    ViewGroup,
    ViewNode,
)

__all__ = [
    "CONTEXT_MAX_NODES",
    "DEFAULT_MAX_NODES",
    "DRAWN_EDGES",
    "ComputedView",
    "ViewComputer",
    "ViewDef",
    "ViewEdge",
    "ViewGroup",
    "ViewNode",
    "context_def",
    "context_elements",
    "summarise",
    "view_defs",
]
