"""Parsed YAML → typed ModelFile: pydantic's errors turned into located, coded diagnostics."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from eaf import codes
from eaf.diagnostics import Diagnostic, Location, pointer_from_path
from eaf.load.positions import Path_, PositionMap
from eaf.spec import KIND_OF_SECTION, ModelFile
from eaf.spec.introspect import (
    attribute_of_key,
    field_adapter,
    field_keys,
    field_names_at,
    is_section,
    section_item_type,
    shape_of_item,
)
from eaf.spec.types import DESCRIPTION_SOFT_MAX
from eaf.suggest import did_you_mean

Locator = Callable[[Path_, bool], tuple[Location, Path_]]

_TYPE_WORDS = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
    type(None): "empty",
}
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _describe(value: Any) -> str:
    word = _TYPE_WORDS.get(type(value), type(value).__name__)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "...'"
        return f"{word} {shown}"
    return word


def _field_label(loc: Path_) -> str:
    for segment in reversed(loc):
        if isinstance(segment, str):
            return segment
    return "value"


def _choices(ctx: dict[str, Any]) -> list[str]:
    text = str(ctx.get("expected") or ctx.get("expected_tags") or "")
    return re.findall(r"'([^']*)'", text)


def diagnostic_from_error(err: Any, locate: Locator) -> Diagnostic:
    """One pydantic error → one diagnostic located in the YAML."""
    kind: str = err["type"]
    loc: Path_ = tuple(err["loc"])
    value = err.get("input")
    ctx: dict[str, Any] = err.get("ctx") or {}
    label = _field_label(loc)

    if kind == "extra_forbidden":
        location, matched = locate(loc, True)
        names = field_names_at(loc[:-1])
        guess = did_you_mean(str(loc[-1]), names)
        where = "section" if len(loc) == 1 else "field"
        msg = f"unknown {where} '{loc[-1]}'"
        if guess:
            msg += f" (did you mean '{guess}'?)"
        # The full list helps only when no close name was found.
        hint = ("Allowed: " + ", ".join(names)) if names and not guess else None
        return codes.UNKNOWN_FIELD(msg, location, pointer=pointer_from_path(matched), hint=hint)
    if kind in ("missing", "union_tag_not_found"):
        field = label if kind == "missing" else str(ctx.get("discriminator", "type")).strip("'")
        parent = loc[:-1] if kind == "missing" else loc
        location, matched = locate(parent, True)
        return codes.MISSING_FIELD(
            f"missing required field '{field}'",
            location,
            pointer=pointer_from_path((*matched, field)),
        )
    location, matched = locate(loc, False)
    pointer = pointer_from_path(matched)
    if kind == "union_tag_invalid":
        location, matched = locate((*loc, "type"), False)
        choices = _choices(ctx)
        guess = did_you_mean(str(ctx.get("tag")), choices)
        msg = f"'{ctx.get('tag')}' is not a valid type"
        if guess:
            msg += f" (did you mean '{guess}'?)"
        return codes.INVALID_CHOICE(
            msg,
            location,
            pointer=pointer_from_path(matched),
            hint="Allowed: " + ", ".join(choices),
        )
    if value is None and (kind.endswith("_type") or kind == "is_instance_of"):
        return codes.NULL_VALUE(f"'{label}' is empty", location, pointer=pointer)
    if kind == "bool_type" and isinstance(value, str):
        return codes.BOOLEAN_SPELLING(
            f"'{label}' must be true or false, not '{value}'", location, pointer=pointer
        )
    if kind in _EXPECTED:
        hint = None
        if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
            # A float is shown as parsed (1.10 became 1.1), so only an integer is echoed.
            hint = (
                f'Quote it to keep it as text: "{value}".'
                if isinstance(value, int)
                else "Quote the value to keep it as text."
            )
        return codes.WRONG_TYPE(
            f"'{label}' must be {_EXPECTED[kind]}, not {_describe(value)}",
            location,
            pointer=pointer,
            hint=hint,
        )
    if kind in ("enum", "literal_error"):
        choices = _choices(ctx)
        guess = did_you_mean(str(value), choices)
        msg = f"'{value}' is not a valid {label}"
        if guess:
            msg += f" (did you mean '{guess}'?)"
        return codes.INVALID_CHOICE(
            msg, location, pointer=pointer, hint="Allowed: " + ", ".join(choices)
        )
    if kind == "string_too_long":
        return codes.TOO_LONG(
            f"'{label}' is {len(str(value))} characters long; at most {ctx.get('max_length')} "
            "are allowed",
            location,
            pointer=pointer,
        )
    if kind == "string_too_short" and value == "":
        return codes.NULL_VALUE(f"'{label}' is empty", location, pointer=pointer)
    if kind == "string_pattern_mismatch" and (label in ("id", "tags") or "tags" in loc):
        return codes.INVALID_ID(f"'{value}' is not a valid id", location, pointer=pointer)
    if kind == "invalid_date":
        return codes.INVALID_DATE(err["msg"], location, pointer=pointer)
    if kind == "invalid_url":
        return codes.INVALID_URL(err["msg"], location, pointer=pointer)
    if kind == "bad_period":
        return codes.BAD_PERIOD(err["msg"], location, pointer=pointer)
    if kind == "too_short":
        return codes.INVALID_VALUE(
            f"'{label}' needs at least {ctx.get('min_length', 1)} item(s)",
            location,
            pointer=pointer,
        )
    shown = f" ({_describe(value)})" if isinstance(value, str | int | float) else ""
    return codes.INVALID_VALUE(
        f"'{label}'{shown}: {err['msg'][:1].lower()}{err['msg'][1:]}", location, pointer=pointer
    )


def make_locator(positions: PositionMap) -> Locator:
    def locate(loc: Path_, at_key: bool) -> tuple[Location, Path_]:
        return positions.locate(loc, at_key=at_key)

    return locate


@functools.cache
def _item_adapter(section: str) -> TypeAdapter[Any]:
    return TypeAdapter(section_item_type(section))


def _partial(
    data: dict[str, Any],
) -> tuple[
    ModelFile,
    tuple[tuple[str, Path_], ...],
    dict[str, tuple[int, ...]],
    tuple[tuple[Path_, Any], ...],
]:
    """The valid elements of an invalid file, and the ids of the invalid ones, so that one bad
    element does not turn every reference to its neighbours into an error."""
    sections: dict[str, list[Any]] = {}
    kept: dict[str, tuple[int, ...]] = {}
    invalid: list[tuple[str, Path_]] = []
    shells: list[tuple[Path_, Any]] = []
    for section, items in data.items():
        if not is_section(section) or not isinstance(items, list):
            continue
        adapter = _item_adapter(section)
        good = []
        indices = []
        for index, item in enumerate(items):
            try:
                good.append(adapter.validate_python(item))
                indices.append(index)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    invalid.append((item["id"], (section, index)))
                shell = _shell(section, item)
                if shell is not None:
                    shells.append(((section, index), shell))
        sections[section] = good
        kept[section] = tuple(indices)
    return ModelFile.model_construct(None, **sections), tuple(invalid), kept, tuple(shells)


def _shell(section: str, item: Any) -> Any:
    """An invalid element's text fields in an unvalidated instance of its shape, so that its
    references and selectors are still checked: one wrong value does not hide the others."""
    cls = shape_of_item(section, item) if isinstance(item, dict) else None
    if cls is None or not isinstance(item, dict):
        return None
    values = {}
    for name, key in field_keys(cls):
        value = item.get(key)
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            values[name] = value
    return cls.model_construct(None, **values)


@dataclass(frozen=True, slots=True)
class ValidatedFile:
    spec: ModelFile | None
    """The typed file; for an invalid file, only its valid elements."""
    diagnostics: list[Diagnostic]
    invalid_ids: tuple[tuple[str, Path_], ...] = ()
    """Ids (and places) of elements that failed validation: references to them are not
    reported again, but their ids still count for uniqueness."""
    kept: dict[str, tuple[int, ...]] | None = None
    """For a partial file: per section, the index in the file of each element kept."""
    shells: tuple[tuple[Path_, Any], ...] = ()
    """Invalid elements' text fields, unvalidated, for checking their references."""


def validate_document(data: Any, positions: PositionMap) -> ValidatedFile:
    """Validate one file's data into a typed file and located diagnostics."""
    rel = positions.rel
    if data is None:
        return ValidatedFile(
            ModelFile(), [codes.EMPTY_FILE("model file holds no elements", Location(rel, 1, 1))]
        )
    if not isinstance(data, dict):
        return ValidatedFile(
            None,
            [
                codes.TOP_NOT_MAPPING(
                    "the top level must be a mapping of sections, "
                    f"not {_TYPE_WORDS.get(type(data), 'a value')}",
                    Location(rel, 1, 1),
                    hint="Start the file with a section key, e.g. 'systems:', then a list.",
                )
            ],
        )
    locate = make_locator(positions)
    try:
        model = ModelFile.model_validate(data)
    except ValidationError as exc:
        diags = [diagnostic_from_error(e, locate) for e in exc.errors(include_url=False)]
        partial, invalid, kept, shells = _partial(data)
        for (section, index), shell in shells:
            raw = data[section][index]
            diags += _check_raw_changes(str(section), int(index), type(shell), raw, locate)
        return ValidatedFile(
            partial, diags + _soft_checks(partial, locate, kept), invalid, kept, shells
        )
    return ValidatedFile(model, _soft_checks(model, locate))


def _soft_checks(
    model: ModelFile, locate: Locator, kept: dict[str, tuple[int, ...]] | None = None
) -> list[Diagnostic]:
    """Checks that do not make the file invalid: long texts, and dated changes to fields."""
    out: list[Diagnostic] = []
    for section in KIND_OF_SECTION:
        for position, element in enumerate(getattr(model, section)):
            index = kept[section][position] if kept and section in kept else position
            description = element.description
            if description is not None and len(description) > DESCRIPTION_SOFT_MAX:
                location, matched = locate((section, index, "description"), False)
                out.append(
                    codes.LONG_TEXT(
                        f"'description' is {len(description)} characters long; more than "
                        f"{DESCRIPTION_SOFT_MAX} is hard to read",
                        location,
                        pointer=pointer_from_path(matched),
                    )
                )
            if element.changes:
                out.extend(_check_changes(section, index, element, locate))
    return out


#: Fields a dated change may not set: identity, history and succession are stated once (the
#: lifecycle's own dates say when an element starts and ends).
_UNCHANGEABLE = frozenset({"id", "changes", "lifecycle", "successors"})
_WHY_UNCHANGEABLE = {
    "id": "an element's id does not change over time",
    "changes": "changes are not nested",
    "lifecycle": "the lifecycle's own dates say when the element starts and ends",
    "successors": "successors are stated once, for when the element ends",
}


def _unsettable(
    section: str, key: str, names: Iterable[str], prefix: Path_, locate: Locator
) -> Diagnostic:
    location, matched = locate((*prefix, key), True)
    if key in _UNCHANGEABLE:
        return codes.UNKNOWN_FIELD(
            f"a change cannot set '{key}': {_WHY_UNCHANGEABLE[key]}",
            location,
            pointer=pointer_from_path(matched),
        )
    guess = did_you_mean(key, [n for n in names if n not in _UNCHANGEABLE])
    msg = f"a change cannot set '{key}': it is not a field of {KIND_OF_SECTION[section]}"
    if guess:
        msg += f" (did you mean '{guess}'?)"
    return codes.UNKNOWN_FIELD(msg, location, pointer=pointer_from_path(matched))


def _check_raw_changes(
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
    dates = (
        [d for d in lifecycle.values() if isinstance(d, str)] if isinstance(lifecycle, dict) else []
    )
    start = min(dates) if dates else None
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


def _check_changes(section: str, index: int, element: Any, locate: Locator) -> list[Diagnostic]:
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
