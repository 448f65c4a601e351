"""The one diagnostic type every stage returns, and the bag that sorts and deduplicates them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a model file: posix path relative to the project root, 1-based line and column
    counted in characters (Unicode code points), and, when known, where the span ends: the
    position just after its last character, so the end column is exclusive (SARIF's convention,
    used by every report format). A line of 0 is the whole file."""

    path: str
    line: int = 0
    col: int = 0
    end_line: int | None = None
    end_col: int | None = None

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: stable code, severity, one-sentence message, where it is, how to fix it."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    pointer: str = ""
    hint: str | None = None
    related: tuple[Location, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (
            loc.path if loc else "",
            loc.line if loc else 0,
            loc.col if loc else 0,
            self.code,
            self.message,
            self.pointer,
        )


@dataclass(slots=True)
class Diagnostics:
    """A bag of diagnostics; iteration is always sorted and deduplicated so output is stable."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(set(self.items))

    def count(self, severity: Severity) -> int:
        return sum(1 for d in set(self.items) if d.severity is severity)

    def has_errors(self, *, strict: bool = False) -> bool:
        """True when the run should fail: any error, or any warning under ``--strict``."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in failing for d in self.items)


def pointer_from_path(path: Iterable[str | int]) -> str:
    """RFC 6901 JSON pointer for a path of keys and indices."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else ""


def _loc_plain(loc: Location | None) -> tuple[str, int, int, int | None, int | None] | None:
    return None if loc is None else (loc.path, loc.line, loc.col, loc.end_line, loc.end_col)


def _loc_from(plain: tuple[str, int, int, int | None, int | None] | None) -> Location | None:
    return None if plain is None else Location(*plain)


Plain = tuple[Any, ...]


def to_plain(d: Diagnostic) -> Plain:
    """A diagnostic as nested tuples of plain values (for the marshal cache)."""
    return (
        d.code,
        str(d.severity),
        d.message,
        _loc_plain(d.location),
        d.pointer,
        d.hint,
        tuple(_loc_plain(r) for r in d.related),
    )


def from_plain(p: Plain) -> Diagnostic:
    code, severity, message, loc, pointer, hint, related = p
    return Diagnostic(
        code,
        Severity(severity),
        message,
        _loc_from(loc),
        pointer,
        hint,
        tuple(r for r in (_loc_from(x) for x in related) if r is not None),
    )
