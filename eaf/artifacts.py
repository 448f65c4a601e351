"""build/model.json: the resolved model and its graph, versioned and described by a schema."""

from __future__ import annotations

import json
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from eaf.graph import edge_rows, element_json
from eaf.model import Element, Model

ARTIFACT_VERSION: Literal[1] = 1
ARTIFACT_SCHEMA_ID = "urn:eaf:schema:model-json:v1"


class ArtifactElement(BaseModel):
    """One element of the model."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    id: str
    """The element's id."""
    kind: str
    """organization, actor, channel, system, data, platform, infrastructure, service,
    interconnection, work_package, decision, view, framework, reference_model, layer, category,
    rule, kpi or plateau."""
    name: str
    """Vietnamese name."""
    file: str
    """The model file it is written in, relative to the project root."""
    pointer: str
    """JSON pointer of the element inside its file."""
    fields: dict[str, Any]
    """Every field of the element as written (defaults included, empty values left out)."""


class ArtifactEdge(BaseModel):
    """One typed edge of the graph."""

    model_config = ConfigDict(extra="allow", use_attribute_docstrings=True)

    source: str
    """Id of the source element."""
    target: str
    """Id of the target element."""
    key: str
    """Distinguishes parallel edges (an interconnection's id for interconnection edges)."""
    type: str
    """owns, parent, part-of, interconnection, via, hosts, uses, holds, serves, deployed-to,
    offered-by, portal, delivers or extends."""

    @model_serializer(mode="wrap")
    def _sorted(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # The edge's identity first, then its attributes by name (since, type, until, via...).
        data: dict[str, Any] = handler(self)
        head = {k: data.pop(k) for k in ("source", "target", "key")}
        return {**head, **dict(sorted(data.items()))}


class ModelArtifact(BaseModel):
    """The resolved model and graph written by `eaf build` to build/model.json."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, populate_by_name=True)

    schema_: str = Field(ARTIFACT_SCHEMA_ID, alias="$schema")
    """The id of this document's JSON Schema."""
    version: Literal[1] = ARTIFACT_VERSION
    """Format version; bumped on any incompatible change."""
    at: str | None = None
    """The date the model is taken at (every element as it is that day, only those that
    exist then); null for the model as written, with every element, lifecycle and change."""
    files: list[str]
    """The model files read, sorted."""
    elements: list[ArtifactElement]
    """All elements, sorted by id."""
    edges: list[ArtifactEdge]
    """All edges, sorted by source, target and key."""


def artifact_element(element: Element) -> ArtifactElement:
    """One element as model.json and `eaf query --format json` write it: its own fields under
    `fields`, so a field named like a row key (a plateau's `kind`) can never hide it."""
    return ArtifactElement(
        id=element.id,
        kind=element.kind,
        name=element.spec.name,
        file=element.file,
        pointer="/" + "/".join(str(p) for p in element.path),
        fields=element_json(element),
    )


def artifact(model: Model, graph: nx.MultiDiGraph) -> ModelArtifact:
    """The model (as written, or a snapshot: `Model.at`) and its graph."""
    return ModelArtifact(
        at=model.date,
        files=list(model.files),
        elements=[artifact_element(element) for element in model],
        edges=[ArtifactEdge.model_validate(row) for row in edge_rows(graph)],
    )


def to_json(document: ModelArtifact) -> str:
    data = document.model_dump(mode="json", by_alias=True, exclude_none=True)
    data = {
        "$schema": data.pop("$schema"),
        "version": data.pop("version"),
        "at": document.at,
        **data,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
