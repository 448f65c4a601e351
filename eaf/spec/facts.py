"""Which fields of an element are facts about the architecture, so that each can say where it
comes from (`source`, `sources`): not identity, free text, labels or provenance itself."""

from __future__ import annotations

from pydantic import BaseModel

from eaf.spec.introspect import field_keys

#: Keys that are not facts: identity, free text and labels, links, provenance, history.
NOT_FACTS = frozenset(
    {
        "id",
        "name_en",
        "description",
        "tags",
        "properties",
        "links",
        "source",
        "sources",
        "changes",
    }
)


def fact_keys(cls: type[BaseModel]) -> tuple[str, ...]:
    """The keys (as written in a file) of a shape's fields that state facts."""
    return tuple(key for _, key in field_keys(cls) if key not in NOT_FACTS)
