"""One parsed file → its typed ModelFile: every element validated, the valid ones kept when
some fail, long texts flagged, dated changes checked."""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from eaf import codes
from eaf.diagnostics import Diagnostic, Location, pointer_from_path
from eaf.load.positions import Path_, PositionMap
from eaf.spec import KIND_OF_SECTION, ElementSpec, ModelFile
from eaf.spec.introspect import (
    field_keys,
    is_section,
    section_item_type,
    shape_of_item,
)
from eaf.spec.types import DESCRIPTION_SOFT_MAX, INVISIBLE
from eaf.validate.changes import check_changes, check_raw_changes
from eaf.validate.errors import (
    TYPE_WORDS,
    Locator,
    diagnostics_from_errors,
    invisible_characters,
    make_locator,
)
from eaf.validate.sources import check_sources


@functools.cache
def _item_adapter(section: str) -> TypeAdapter[Any]:
    return TypeAdapter(section_item_type(section))


# A section's list as ModelFile's field validates it (the model's `strict` applies to it).
_SECTION_CONFIG = ConfigDict(strict=True)


@functools.cache
def _section_adapter(section: str) -> TypeAdapter[Any]:
    _build_common_shapes()
    items: Any = list[section_item_type(section)]  # type: ignore[misc]
    return TypeAdapter(items, config=_SECTION_CONFIG)


@functools.cache
def _build_common_shapes() -> None:
    """Builds the validators of the shapes every kind holds (a source, a lifecycle, links...)
    first, innermost first: a kind's validator then refers to them rather than building them
    again inside, and the validators of all the kinds cost no more than the whole file's."""
    done: set[type[BaseModel]] = set()

    def build(tp: Any) -> None:
        for arg in typing.get_args(tp):
            build(arg)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in done:
            done.add(tp)
            for info in tp.model_fields.values():
                build(info.annotation)
            tp.model_rebuild()

    for info in ElementSpec.model_fields.values():
        build(info.annotation)


def _validate_model(data: dict[Any, Any]) -> tuple[ModelFile | None, list[Any]]:
    """`ModelFile.model_validate(data)`: the typed file, or pydantic's errors (the same, in the
    same order), from only the validators of the sections the file holds. pydantic builds a
    shape's validator on its first use, and building the whole file's (every kind) costs a run
    that checks one edited file more than the rest of its work. A key that names no section
    goes to the whole file's validator, which words that error (unknown or non-text key)."""
    fields = ModelFile.model_fields
    if not all(isinstance(key, str) and key in fields for key in data):
        try:
            return ModelFile.model_validate(data), []
        except ValidationError as exc:
            return None, exc.errors(include_url=False)
    values: dict[str, Any] = {}
    errors: list[Any] = []
    for section in fields:  # pydantic validates, and reports, in the order of the fields
        if section not in data:
            continue
        try:
            values[section] = _section_adapter(section).validate_python(data[section])
        except ValidationError as exc:
            errors += [
                {**err, "loc": (section, *err["loc"])} for err in exc.errors(include_url=False)
            ]
    if errors:
        return None, errors
    return _file_of(values), []


def _file_of(sections: dict[str, Any]) -> ModelFile:
    """`ModelFile.model_construct(None, **sections)`, the sections not given empty, without
    pydantic's look-up of each one's default (it inspects the default factory's signature
    every time: 0.2 ms a file of a few sections)."""
    values = {name: sections.get(name, []) for name in ModelFile.model_fields}
    return ModelFile.model_construct(set(sections), **values)


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
    return _file_of(sections), tuple(invalid), kept, tuple(shells)


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


def validate_document(data: Any, positions: PositionMap, raw: bytes | None = None) -> ValidatedFile:
    """Validate one file's data into a typed file and located diagnostics. `raw`: the file's
    bytes, when at hand (its text is not encoded again to look for invisible characters)."""
    rel = positions.rel
    if data is None:
        return ValidatedFile(
            ModelFile.model_construct(),
            [codes.EMPTY_FILE("model file holds no elements", Location(rel, 1, 1))],
        )
    if not isinstance(data, dict):
        return ValidatedFile(
            None,
            [
                codes.TOP_NOT_MAPPING(
                    "the top level must be a mapping of sections, "
                    f"not {TYPE_WORDS.get(type(data), 'a value')}",
                    Location(rel, 1, 1),
                    hint="Start the file with a section key, e.g. 'systems:', then a list.",
                )
            ],
        )
    locate = make_locator(positions)
    hidden = _may_hide(positions.text, raw)
    model, errors = _validate_model(data)
    if model is None:
        diags = diagnostics_from_errors(errors, locate)
        partial, invalid, kept, shells = _partial(data)
        for (section, index), shell in shells:
            item = data[section][index]
            diags += check_raw_changes(str(section), int(index), type(shell), item, locate)
        return ValidatedFile(
            partial, diags + _soft_checks(partial, locate, hidden, kept), invalid, kept, shells
        )
    return ValidatedFile(model, _soft_checks(model, locate, hidden))


_ASCII = bytes(range(0x80))


def _may_hide(text: str, raw: bytes | None) -> bool:
    """Whether the file's values may hold a character INVISIBLE finds: written as it is (all
    of them are outside ASCII, so only the text's other characters are searched, left by
    bytes.translate: faster than gathering every name of a file) or by a hexadecimal escape
    (\\x, \\u, \\U; no other YAML escape writes one)."""
    if "\\x" in text or "\\u" in text or "\\U" in text:
        return True
    if text.isascii():
        return False
    encoded = raw if raw is not None else text.encode("utf-8", "surrogatepass")
    rest = encoded.translate(None, _ASCII)
    return INVISIBLE.search(rest.decode("utf-8", "replace")) is not None


def _names(model: ModelFile) -> list[str]:
    """Every text `_soft_checks` searches for invisible characters."""
    out: list[str] = []
    for section in KIND_OF_SECTION:
        for element in getattr(model, section):
            out.append(element.name)
            if element.name_en is not None:
                out.append(element.name_en)
            title = element.__dict__.get("title")
            if isinstance(title, str):
                out.append(title)
            out += [k.title for k in element.links]
    return out


def _soft_checks(
    model: ModelFile,
    locate: Locator,
    hidden: bool,
    kept: dict[str, tuple[int, ...]] | None = None,
) -> list[Diagnostic]:
    """Checks that do not make the file invalid: long texts, invisible characters in names, and
    dated changes to fields. `hidden`: whether the file's text holds an invisible character."""
    out: list[Diagnostic] = []
    # Names almost never hold an invisible character: when the text holds one, one search over
    # all of a file's names tells whether to look name by name.
    suspicious = hidden and INVISIBLE.search("\n".join(_names(model))) is not None
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
                out.extend(check_changes(section, index, element, locate))
            if element.sources:
                out.extend(check_sources(section, index, element, locate))
            if not suspicious:
                continue
            names: list[tuple[Path_, str]] = [((section, index, "name"), element.name)]
            if element.name_en is not None:
                names.append(((section, index, "name_en"), element.name_en))
            # A view's title, drawn above it (read from the values: a missing attribute of a
            # pydantic model costs an exception).
            title = element.__dict__.get("title")
            if isinstance(title, str):
                names.append(((section, index, "title"), title))
            names += [
                ((section, index, "links", i, "title"), k.title)
                for i, k in enumerate(element.links)
            ]
            out.extend(invisible_characters(names, locate))
    return out


#: Fields a dated change may not set: identity, history and succession are stated once (the
#: lifecycle's own dates say when an element starts and ends).
