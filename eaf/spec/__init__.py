"""The typed model: pydantic shapes of every section of a model file."""

from eaf.spec.document import (
    ARCHITECTURE_KINDS,
    FRAMEWORK_KINDS,
    KIND_OF_SECTION,
    SECTION_OF_KIND,
    ModelFile,
)
from eaf.spec.types import ElementSpec

__all__ = [
    "ARCHITECTURE_KINDS",
    "FRAMEWORK_KINDS",
    "KIND_OF_SECTION",
    "SECTION_OF_KIND",
    "ElementSpec",
    "ModelFile",
]
