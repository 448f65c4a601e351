"""Parsed YAML → typed ModelFile: pydantic's errors turned into located, coded diagnostics,
and the checks the schema alone cannot make (dated changes, long texts)."""

from eaf.validate.document import ValidatedFile, validate_document

__all__ = ["ValidatedFile", "validate_document"]
