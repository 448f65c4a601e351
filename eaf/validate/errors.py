"""pydantic's validation errors as located, coded diagnostics with words a modeller reads."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location, pointer_from_path
from eaf.load.positions import Path_, PositionMap, position_in_value
from eaf.spec.introspect import (
    field_names_at,
)
from eaf.spec.types import INVISIBLE, describe_char
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


_LINES = re.compile(r"\r\n|\r|\n")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _type_hint(kind: str, value: Any) -> str:
    """How to write a value of the expected type, given what was written: the fix itself."""
    if kind == "string_type":
        if isinstance(value, bool):
            return f'Quote it to keep it as text: "{str(value).lower()}".'
        if isinstance(value, int):
            return f'Quote it to keep it as text: "{value}".'
        if isinstance(value, float):
            return "Quote the value to keep it as text, exactly as written."
        return "Write one text value after the colon, not a list or a mapping."
    if kind in ("int_type", "float_type"):
        whole = kind == "int_type"
        if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            return f"Remove the quotes: write {value.strip()}; quoted, it is text."
        if whole and isinstance(value, float):
            return "Write a whole number, without a decimal point."
        return "Write a whole number, e.g. 3." if whole else "Write a number, e.g. 2.5."
    if kind == "list_type":
        shown = value if isinstance(value, str) and len(value) <= 40 else "a, b"
        return f"Write a list: [{shown}], or one '- ' item per line."
    return "Write the fields under the key, one 'name: value' per line, indented."


def diagnostics_from_errors(errors: Iterable[Any], locate: Locator) -> list[Diagnostic]:
    """One diagnostic per bad value. pydantic reports a value that fits no member of a union
    (text, number or true/false) once per member, each under a made-up key (`str`, `int`...):
    those become one diagnostic naming every type the value may have."""
    out: list[Diagnostic] = []
    unions: dict[tuple[Path_, str], list[Any]] = {}
    for err in errors:
        loc: Path_ = tuple(err["loc"])
        if err["type"] in _EXPECTED:
            _, matched = locate(loc, False)
            if matched != loc:  # the value's path lacks the error's last key: a union member
                unions.setdefault((matched, repr(err.get("input"))), []).append(err)
                continue
        out.append(diagnostic_from_error(err, locate))
    for (matched, _), group in unions.items():
        if len(group) == 1:
            out.append(diagnostic_from_error(group[0], locate))
            continue
        location, _ = locate(matched, False)
        words = _alternatives([_EXPECTED[e["type"]] for e in group])
        value = group[0]["input"]
        if value is None:
            label = _field_label(matched)
            pointer = pointer_from_path(matched)
            out.append(codes.NULL_VALUE(f"'{label}' is empty", location, pointer=pointer))
            continue
        out.append(
            codes.WRONG_TYPE(
                f"'{_field_label(matched)}' must be {words}, not {_describe(value)}",
                location,
                pointer=pointer_from_path(matched),
                hint=f"Write {words}.",
            )
        )
    return out


def _alternatives(words: list[str]) -> str:
    """'text, a number or true/false' from each member's word, without repeats."""
    if "a number" in words:
        words = [w for w in words if w != "a whole number"]
    unique = list(dict.fromkeys(w.replace("true or false", "true/false") for w in words))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} or {unique[-1]}"


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
        # A float is shown as parsed (1.10 became 1.1), so only an integer is echoed.
        return codes.WRONG_TYPE(
            f"'{label}' must be {_EXPECTED[kind]}, not {_describe(value)}",
            location,
            pointer=pointer,
            hint=_type_hint(kind, value),
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
        return codes.INVALID_DATE(err["msg"], location, pointer=pointer, hint=_date_hint(ctx))
    if kind == "one_line":
        return codes.NOT_ONE_LINE(
            f"'{label}': {err['msg']}",
            _at_offset(locate, location, int(ctx.get("offset", 0))),
            pointer=pointer,
        )
    if kind == "shape":
        return codes.INVALID_CHOICE(
            f"'{value}' is not a shape a view's style may use{ctx.get('guess', '')}",
            location,
            pointer=pointer,
            hint=f"Allowed: {ctx.get('allowed', '')} (not 'record' or 'Mrecord': they read "
            "'{', '|' and '<' in names as fields and ports)",
        )
    if kind == "colour":
        return codes.INVALID_VALUE(
            f"'{label}' ({_describe(value)}) is not a colour",
            location,
            pointer=pointer,
            hint="Write a colour name such as 'steelblue' or 'white', or '#rrggbb'.",
        )
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


def invisible_characters(names: Iterable[tuple[Path_, str]], locate: Locator) -> list[Diagnostic]:
    """A warning for each name holding a bidirectional control or an invisible character,
    naming the character and placed at it: such a name reads otherwise than it is stored."""
    out = []
    for path, text in names:
        found = INVISIBLE.search(text)
        if found is None:
            continue
        location, matched = locate(path, False)
        char = describe_char(found.group())
        out.append(
            codes.INVISIBLE_CHARACTER(
                f"'{_field_label(matched)}' holds {char}, which is not shown or reorders "
                "the text around it",
                _at_offset(locate, location, found.start()),
                pointer=pointer_from_path(matched),
            )
        )
    return out


def _date_hint(ctx: dict[str, Any]) -> str | None:
    """For a date written YYYY-MM-DD that is no day of the calendar, what is wrong with it."""
    year, month = ctx.get("year"), ctx.get("month")
    if not isinstance(year, int) or not isinstance(month, int):
        return None  # not written YYYY-MM-DD: the code's own hint says how
    if not 1 <= month <= 12:
        return "Months run from 01 to 12."
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days."


def _at_offset(locate: Locator, location: Location, offset: int) -> Location:
    """The place in the file of the character at `offset` in the value located at `location`
    (past quotes, escapes and folded lines); the value's place when the text is not known."""
    text = getattr(locate, "text", None)
    if not isinstance(text, str) or location.line < 1:
        return location
    line, col = position_in_value(text, location.line, location.col, offset)
    lines = _LINES.split(text)
    if line <= len(lines) and col <= len(lines[line - 1]):
        return Location(location.path, line, col, line, col + 1)
    return Location(location.path, line, col)  # at a line's end: the character is its break


class _Locate:
    """A Locator that also knows the file's text, to place a finding inside a value."""

    def __init__(self, positions: PositionMap) -> None:
        self.positions = positions
        self.text = positions.text

    def __call__(self, loc: Path_, at_key: bool) -> tuple[Location, Path_]:
        return self.positions.locate(loc, at_key=at_key)


def make_locator(positions: PositionMap) -> Locator:
    return _Locate(positions)
