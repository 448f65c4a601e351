"""`sources`, the provenance of single fields: each key names a field of the element that states
a fact, and one the element states (as written or in a dated change)."""

from __future__ import annotations

from eaf import codes
from eaf.diagnostics import Diagnostic, pointer_from_path
from eaf.spec import KIND_OF_SECTION, ElementSpec
from eaf.spec.facts import NOT_FACTS, fact_keys
from eaf.spec.introspect import attribute_of_key
from eaf.suggest import did_you_mean
from eaf.validate.errors import Locator


def check_sources(
    section: str, index: int, element: ElementSpec, locate: Locator
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    cls = type(element)
    facts = fact_keys(cls)
    attribute = attribute_of_key(cls)
    changed = {key for change in element.changes for key in change.set}
    kind = KIND_OF_SECTION[section].replace("_", " ")
    a_kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    for key in element.sources:
        if key not in facts:
            # Located only when there is something to say: locating re-reads the file.
            location, matched = locate((section, index, "sources", key), True)
            pointer = pointer_from_path(matched)
            why = (
                "it is not a fact with a source of its own"
                if key in NOT_FACTS
                else f"it is not a field of {a_kind}"
            )
            guess = did_you_mean(key, facts)
            out.append(
                codes.UNKNOWN_FIELD(
                    f"'sources' names '{key}': {why}"
                    + (f" (did you mean '{guess}'?)" if guess else ""),
                    location,
                    pointer=pointer,
                    hint="Name one of the element's fields, e.g. owner or security_level; the "
                    "element's own 'source' covers the rest.",
                )
            )
        elif getattr(element, attribute[key]) in (None, [], {}) and key not in changed:
            location, matched = locate((section, index, "sources", key), True)
            out.append(
                codes.SOURCE_UNUSED(
                    f"'sources' gives a source for '{key}', which this {kind} does not state",
                    location,
                    pointer=pointer_from_path(matched),
                )
            )
    return out
