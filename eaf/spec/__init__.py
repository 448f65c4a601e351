"""The typed model: pydantic shapes of every section of a model file."""

from eaf.spec.document import KIND_OF_SECTION, SECTION_OF_KIND, ModelFile
from eaf.spec.types import ElementSpec

__all__ = ["KIND_OF_SECTION", "SECTION_OF_KIND", "ElementSpec", "ModelFile"]
