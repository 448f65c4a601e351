"""The methods a selector atom may name, by name (dbt's method registry): how each reads its
values from a node of the graph. A name that is not a built-in method is an element field."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from eaf.select.grammar import Selector, SelectorProblem


def _attribute(name: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda data: data.get(name)


def _field(name: str) -> Callable[[Mapping[str, Any]], Any]:
    def read(data: Mapping[str, Any]) -> Any:
        fields = data.get("fields")
        return fields.get(name) if isinstance(fields, dict) else None

    return read


@dataclass(frozen=True, slots=True)
class Method:
    """A selector method: its name, what it matches, and how it reads a node's values (None
    for `id`, which is tested against the node ids themselves)."""

    name: str
    summary: str
    read: Callable[[Mapping[str, Any]], Any] | None


METHODS: Mapping[str, Method] = {
    "file": Method("file", "the model file the element is defined in", _attribute("file")),
    "id": Method("id", "the element id", None),
    "kind": Method("kind", "the element kind", _attribute("kind")),
    "tag": Method("tag", "one of the element's tags", _field("tags")),
}
"""The built-in methods; a built-in name wins over a field of the same name."""

BUILTIN_METHODS: frozenset[str] = frozenset(METHODS)
"""Names every selector may use, whatever the element fields."""


def method_for(name: str) -> Method:
    """The built-in method of that name, or the method reading the element field `name`."""
    return METHODS.get(name) or Method(name, f"the element's field '{name}'", _field(name))


def validate_methods(selector: Selector, known_fields: Collection[str]) -> list[SelectorProblem]:
    """Problems for names that are neither built-ins nor known fields, with a did-you-mean hint.

    The offset is where the atom starts. The hint names the closest known name when one is close
    enough to be a plausible typo, else lists the built-ins."""
    known = BUILTIN_METHODS | frozenset(known_fields)
    choices = sorted(known)
    problems: list[SelectorProblem] = []
    for atom in selector.atoms():
        if atom.method in known:
            continue
        # Imported here: rapidfuzz loads slowly, and most selectors name only known fields.
        from rapidfuzz import fuzz, process

        best = process.extractOne(
            atom.method, choices, scorer=fuzz.ratio, processor=str.lower, score_cutoff=60
        )
        if best is not None:
            hint = f"did you mean '{best[0]}'?"
        else:
            hint = "use kind, id, tag, file or a field of the elements"
        problems.append(
            SelectorProblem(atom.offset, f"unknown field '{atom.method}'", hint, "method")
        )
    return problems


def field_read(name: str) -> str | None:
    """The element field (its key in the file) that the method `name` reads: `tags` for `tag`,
    the field itself for a field; None for `id`, `kind` and `file`, which are not fields."""
    if name == "tag":
        return "tags"
    return None if name in METHODS else name
