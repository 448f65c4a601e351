"""JSON Schemas (draft 2020-12) generated from the pydantic shapes, written to schemas/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema

from eaf.analysis.diff_document import DIFF_SCHEMA_ID, DiffDocument
from eaf.analysis.results import GAPS_SCHEMA_ID, GapsDocument
from eaf.artifacts import ARTIFACT_SCHEMA_ID, ModelArtifact
from eaf.spec import ModelFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODEL_FILE_SCHEMA_ID = "urn:eaf:schema:model-file:v1"

#: file name in schemas/ -> (shape, $id)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "eaf-model.schema.json": (ModelFile, MODEL_FILE_SCHEMA_ID),
    "eaf-model-json.schema.json": (ModelArtifact, ARTIFACT_SCHEMA_ID),
    "eaf-gaps.schema.json": (GapsDocument, GAPS_SCHEMA_ID),
    "eaf-diff.schema.json": (DiffDocument, DIFF_SCHEMA_ID),
}


_AS_WRITTEN: frozenset[type[BaseModel]] = frozenset({GapsDocument, DiffDocument})


def _generator(schema_id: str) -> type[GenerateJsonSchema]:
    class Generator(GenerateJsonSchema):
        def generate(
            self, schema: CoreSchema, mode: JsonSchemaMode = "validation"
        ) -> JsonSchemaValue:
            body = super().generate(schema, mode=mode)
            return {"$schema": DIALECT, "$id": schema_id, **body}

    return Generator


def schema_of(shape: type[BaseModel], schema_id: str) -> dict[str, Any]:
    # A document with fields left out of what is written (the gaps' Missing.name) is described
    # as written; the others as their shapes (model.json's edges only order their keys when
    # written, which a serialization schema could not see through).
    mode: JsonSchemaMode = "serialization" if shape in _AS_WRITTEN else "validation"
    return shape.model_json_schema(by_alias=True, mode=mode, schema_generator=_generator(schema_id))


def render_schemas() -> dict[str, str]:
    """File name → exact text; deterministic (pydantic sorts keys, we fix the layout)."""
    return {
        name: json.dumps(schema_of(shape, sid), ensure_ascii=False, indent=2) + "\n"
        for name, (shape, sid) in sorted(SCHEMAS.items())
    }


def stale_schemas(directory: Path) -> list[str]:
    """Names of schema files in ``directory`` that are missing or differ from the code."""
    out = []
    for name, text in render_schemas().items():
        path = directory / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            out.append(name)
    return out
