"""The resolved model: every element by id, with where it was written."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from eaf.diagnostics import Location, pointer_from_path
from eaf.load.yaml import Path_, PositionMap
from eaf.spec import ElementSpec


@dataclass(frozen=True, slots=True)
class Element:
    id: str
    kind: str
    spec: ElementSpec
    file: str
    """Model file it is written in, relative to the project root."""
    path: Path_
    """(section, index) inside the file."""


@dataclass(frozen=True, slots=True)
class Model:
    elements: Mapping[str, Element]
    """All elements by id, in sorted id order."""
    files: tuple[str, ...]
    positions: Mapping[str, PositionMap] = field(default_factory=dict)
    """Per file, for locating findings of later stages."""

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements.values())

    def __len__(self) -> int:
        return len(self.elements)

    def of_kind(self, kind: str) -> list[Element]:
        return [e for e in self.elements.values() if e.kind == kind]

    def locate(self, element_id: str, *field: str | int) -> tuple[Location | None, str]:
        """Where an element (or one of its fields) is written, and its JSON pointer; the
        nearest written ancestor when the field is not in the file."""
        element = self.elements.get(element_id)
        if element is None:
            return None, ""
        positions = self.positions.get(element.file)
        if positions is None:
            return Location(element.file), ""
        location, matched = positions.locate((*element.path, *(field or ("id",))))
        return location, pointer_from_path(matched)
