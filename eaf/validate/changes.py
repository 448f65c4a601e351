"""Dated changes checked like the fields they set: real fields that may change, values valid
for their field, dates inside the element's life, one value per field and day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from eaf import codes
from eaf.diagnostics import Diagnostic, pointer_from_path
from eaf.load.positions import Path_
from eaf.spec import KIND_OF_SECTION
from eaf.spec.introspect import (
    attribute_of_key,
    field_adapter,
)
from eaf.spec.types import life_start
from eaf.suggest import did_you_mean
from eaf.validate.errors import Locator, diagnostic_from_error

_UNCHANGEABLE = frozenset(
    {"id", "changes", "lifecycle", "successors", "sources", "issued", "issued_by"}
)
_WHY_UNCHANGEABLE = {
    "id": "an element's id does not change over time",
    "changes": "changes are not nested",
    "lifecycle": "the lifecycle's own dates say when the element starts and ends",
    "successors": "successors are stated once, for when the element ends",
    "sources": "a change gives its own source",
    "issued": "a decision is issued once, on one day",
    "issued_by": "who issued a decision is a fact of the day it was issued",
}

#: What to do instead, for the keys a change may not set.
_INSTEAD = {
    "id": "An id never changes: end the element (lifecycle end_of_life) and name the new one in "
    "its successors.",
    "changes": "Write each dated change as an item of the element's own changes.",
    "lifecycle": "Lifecycle and successors are the element's own dates: edit them on the element "
    "itself, not in changes.",
}
_INSTEAD["successors"] = _INSTEAD["lifecycle"]
_INSTEAD["sources"] = "Give the change its own source: {date: …, set: {…}, source: {…}}."
_INSTEAD["issued"] = (
    "Correct 'issued' and 'issued_by' on the decision itself; a decision that replaces it is an "
    "element of its own, named in its successors."
)
_INSTEAD["issued_by"] = _INSTEAD["issued"]


def _unsettable(
    section: str, key: str, names: Iterable[str], prefix: Path_, locate: Locator
) -> Diagnostic:
    location, matched = locate((*prefix, key), True)
    if key in _UNCHANGEABLE:
        return codes.UNKNOWN_FIELD(
            f"a change cannot set '{key}': {_WHY_UNCHANGEABLE[key]}",
            location,
            pointer=pointer_from_path(matched),
            hint=_INSTEAD[key],
        )
    guess = did_you_mean(key, [n for n in names if n not in _UNCHANGEABLE])
    msg = f"a change cannot set '{key}': it is not a field of {KIND_OF_SECTION[section]}"
    if guess:
        msg += f" (did you mean '{guess}'?)"
    return codes.UNKNOWN_FIELD(msg, location, pointer=pointer_from_path(matched))


def check_raw_changes(
    section: str, index: int, cls: type[BaseModel], raw: Any, locate: Locator
) -> list[Diagnostic]:
    """The dated changes of an element that failed validation: each value is checked against
    its field on its own, since the element as a whole cannot be."""
    out: list[Diagnostic] = []
    changes = raw.get("changes") if isinstance(raw, dict) else None
    if not isinstance(changes, list):
        return out
    out += _dates_of_changes(section, index, raw, locate)
    names = attribute_of_key(cls)
    for c, change in enumerate(changes):
        values = change.get("set") if isinstance(change, dict) else None
        if not isinstance(values, dict):
            continue
        prefix: Path_ = (section, index, "changes", c, "set")
        for key, value in values.items():
            if key not in names or key in _UNCHANGEABLE:
                out.append(_unsettable(section, key, names, prefix, locate))
                continue
            try:
                field_adapter(cls, names[key]).validate_python(value)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    moved = dict(err, loc=(*prefix, key, *tuple(err["loc"])))
                    out.append(diagnostic_from_error(moved, locate))
    return out


def _dates_of_changes(
    section: str, index: int, raw: Mapping[str, Any], locate: Locator
) -> list[Diagnostic]:
    """The dates of an element's changes (as written): none before the element's life starts
    or on or after its end, and no field set twice on one day."""
    out: list[Diagnostic] = []
    lifecycle = raw.get("lifecycle")
    # Life starts at the first of plan, phase_in, active: a phase-out date is no start (the
    # element was in use before it), so a change before it is inside the element's life.
    start = life_start(lifecycle)
    end = lifecycle.get("end_of_life") if isinstance(lifecycle, dict) else None
    element_id = raw.get("id")
    set_on: dict[tuple[str, str], int] = {}
    for c, change in enumerate(raw.get("changes") or ()):
        date = change.get("date") if isinstance(change, dict) else None
        values = change.get("set") if isinstance(change, dict) else None
        if not isinstance(date, str):
            continue
        why = None
        if start is not None and date < start:
            why = f"before the element's life starts ({start})"
        elif isinstance(end, str) and date >= end:
            why = f"on or after the element's end of life ({end})"
        if why is not None:
            location, matched = locate((section, index, "changes", c, "date"), False)
            out.append(
                codes.CHANGE_OUTSIDE_LIFE(
                    f"a change of '{element_id}' is dated {date}, {why}",
                    location,
                    pointer=pointer_from_path(matched),
                )
            )
        for key in values if isinstance(values, dict) else ():
            first = set_on.setdefault((date, key), c)
            if first != c:
                location, matched = locate((section, index, "changes", c, "set", key), True)
                out.append(
                    codes.CHANGE_CLASH(
                        f"'{key}' is set twice on {date} (also by change {first + 1})",
                        location,
                        pointer=pointer_from_path(matched),
                    )
                )
    return out


def check_changes(section: str, index: int, element: Any, locate: Locator) -> list[Diagnostic]:
    """Each dated change must name real fields, leave the element valid, be dated inside the
    element's life, and not set a field another change of the same day sets."""
    out: list[Diagnostic] = []
    cls: type[BaseModel] = type(element)
    names = attribute_of_key(cls)
    base = element.model_dump(by_alias=True, exclude_unset=True)
    out += _dates_of_changes(section, index, element.model_dump(mode="json"), locate)
    for c, change in enumerate(element.changes):
        prefix: Path_ = (section, index, "changes", c, "set")
        merged = dict(base)
        for key, value in change.set.items():
            if key not in names or key in _UNCHANGEABLE:
                out.append(_unsettable(section, key, names, prefix, locate))
                continue
            merged[key] = value
        merged.pop("changes", None)
        try:
            cls.model_validate(merged)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                if loc and loc[0] in change.set:
                    moved = dict(err, loc=(*prefix, *loc))
                    out.append(diagnostic_from_error(moved, locate))
    return out
