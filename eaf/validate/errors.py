"""pydantic's validation errors as located, coded diagnostics with words a modeller reads."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location, pointer_from_path
from eaf.load.positions import Path_, PositionMap
from eaf.spec.introspect import (
    field_names_at,
)
from eaf.suggest import did_you_mean

Locator = Callable[[Path_, bool], tuple[Location, Path_]]

TYPE_WORDS = {
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
    word = TYPE_WORDS.get(type(value), type(value).__name__)
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
    if kind == "undocumented_source":
        return codes.MISSING_FIELD(
            f"missing 'document': {err['msg']}",
            location,
            pointer=pointer,
            hint="Name the decision, article or survey, or mark the fact assumed or uncertain.",
        )
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
