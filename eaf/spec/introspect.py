"""The only reader of the pydantic types: which fields a shape has and under which keys, the
shapes a section may hold, the field names allowed at a place in a file, and where references
and selectors are (compiled once per shape, so resolving 100k elements does no typing
introspection)."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from eaf.spec.document import ModelFile
from eaf.spec.types import ID_PATTERN, RefTo, SelectorText

Path_ = tuple[str | int, ...]
Marker = RefTo | SelectorText
Found = tuple[Path_, str, Marker]
Walker = Callable[[Any, Path_, list[Found]], None]


# --- types -------------------------------------------------------------------------------------


def _marker(tp: Any) -> RefTo | SelectorText | None:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in tp.__metadata__:
            if isinstance(meta, RefTo | SelectorText):
                return meta
    return None


def unwrap(tp: Any, *, keep_marked: bool = False) -> list[Any]:
    """The concrete alternatives behind Annotated, Optional and unions. With `keep_marked`,
    an Annotated type carrying a reference or selector marker is kept whole."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated and not (keep_marked and _marker(tp) is not None):
        return unwrap(typing.get_args(tp)[0], keep_marked=keep_marked)
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(unwrap(arg, keep_marked=keep_marked))
        return out
    return [tp]


def _shapes(tp: Any) -> list[type[BaseModel]]:
    return [t for t in unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)]


def _tags(cls: type[BaseModel]) -> tuple[Any, ...]:
    """The values of a discriminated union member's `type` literal."""
    info = cls.model_fields.get("type")
    return typing.get_args(info.annotation) if info is not None else ()


# --- fields ------------------------------------------------------------------------------------


@functools.cache
def field_keys(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, key in the file) of every field of a shape."""
    return tuple((name, info.alias or name) for name, info in cls.model_fields.items())


@functools.cache
def attribute_of_key(cls: type[BaseModel]) -> dict[str, str]:
    """Key in the file → attribute, for every field of a shape."""
    return {key: name for name, key in field_keys(cls)}


def has_field(cls: type[BaseModel], name: str) -> bool:
    return name in cls.model_fields


def field_type(cls: type[BaseModel], name: str) -> Any:
    """The full annotation of a field (constraints and markers included)."""
    return cls.model_fields[name].rebuild_annotation()


@functools.cache
def field_adapter(cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator for one field's values on their own (e.g. the values of a dated change)."""
    return TypeAdapter(field_type(cls, name))


def typed_values(cls: type[BaseModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as written in YAML (a dated change's `set`) as the typed values of the fields
    they set, by attribute. Keys that are not fields, and values that do not validate, are left
    out: validation reports them."""
    out: dict[str, Any] = {}
    attributes = attribute_of_key(cls)
    for key, value in values.items():
        name = attributes.get(key)
        if name is None:
            continue
        try:
            out[name] = field_adapter(cls, name).validate_python(value)
        except ValidationError:
            continue
    return out


# --- sections ----------------------------------------------------------------------------------


def section_item_type(section: str) -> Any:
    """The type of one item of a section of a model file."""
    return typing.get_args(ModelFile.model_fields[section].annotation)[0]


def is_section(section: str) -> bool:
    return section in ModelFile.model_fields


def shape_of_item(section: str, item: Any) -> type[BaseModel] | None:
    """The shape an item of a section is validated as (a discriminated union's member is
    chosen by the item's `type`); None when that cannot be told."""
    options = _shapes(section_item_type(section))
    if len(options) > 1 and isinstance(item, dict):
        options = [t for t in options if item.get("type") in _tags(t)]
    return options[0] if len(options) == 1 else None


def _closed_values(tp: Any) -> frozenset[str] | None:
    """The texts a field's value can be when it is a closed set (an enumeration, a literal,
    true/false), as selectors compare them; None for an open type."""
    values: set[str] = set()
    for option in unwrap(tp):
        if option is type(None):
            continue
        if isinstance(option, type) and issubclass(option, Enum):
            values.update(str(member.value) for member in option)
        elif option is bool:
            values.update(("true", "false"))
        elif typing.get_origin(option) is typing.Literal:
            values.update(str(v) for v in typing.get_args(option))
        elif typing.get_origin(option) is list:
            inner = _closed_values(typing.get_args(option)[0])
            if inner is None:
                return None
            values.update(inner)
        else:
            return None
    return frozenset(values) or None


@functools.cache
def closed_values(key: str) -> frozenset[str] | None:
    """The values a field (by its key in the file) can take in every kind that has it, when
    they form a closed set in all of them; None otherwise (a misspelt value in a selector such
    as `level:comune` can then be caught before it silently selects nothing)."""
    found: set[str] = set()
    for section in ModelFile.model_fields:
        for shape in _shapes(section_item_type(section)):
            name = attribute_of_key(shape).get(key)
            if name is None:
                continue
            values = _closed_values(shape.model_fields[name].annotation)
            if values is None:
                return None
            found.update(values)
    return frozenset(found) or None


@functools.cache
def known_fields() -> frozenset[str]:
    """Every field name of every element kind: what selectors may test."""
    names: set[str] = set()
    for section in ModelFile.model_fields:
        for shape in _shapes(section_item_type(section)):
            names.update(key for _, key in field_keys(shape))
    return frozenset(names)


def _step(tp: Any, segment: str | int) -> Any:
    for t in unwrap(tp):
        origin = typing.get_origin(t)
        if isinstance(segment, int) and origin is list:
            return typing.get_args(t)[0]
        if isinstance(segment, str) and origin is dict:
            return typing.get_args(t)[1]
        if isinstance(segment, str) and isinstance(t, type) and issubclass(t, BaseModel):
            name = attribute_of_key(t).get(segment)
            if name is not None:
                return t.model_fields[name].annotation
    # A discriminated-union tag: pick the member whose 'type' literal is the segment.
    if isinstance(segment, str):
        for t in _shapes(tp):
            if segment in _tags(t):
                return t
    return None


def field_names_at(loc: Path_) -> list[str]:
    """The field names allowed in the mapping at `loc` of a model file (for did-you-mean)."""
    tp: Any = ModelFile
    for segment in loc:
        tp = _step(tp, segment)
        if tp is None:
            return []
    return sorted({key for shape in _shapes(tp) for _, key in field_keys(shape)})


# --- references and selectors -------------------------------------------------------------------


#: The walkers of a single marked text, with their marker.
_LEAVES: dict[Walker, Marker] = {}


def _compile(tp: Any) -> Walker | None:
    """A walker for values of type `tp` (it appends what it finds to a list), or None when
    such values hold no refs or selectors. Walkers append rather than yield: a model of 100k
    elements is walked with no generator per value."""
    options = unwrap(tp, keep_marked=True)
    for option in options:
        marker = _marker(option)
        if marker is not None:

            def leaf(value: Any, path: Path_, out: list[Found], m: Marker = marker) -> None:
                if isinstance(value, str):
                    out.append((path, value, m))

            _LEAVES[leaf] = marker
            return leaf
        if typing.get_origin(option) is list:
            item = _compile(typing.get_args(option)[0])
            item_marker = _LEAVES.get(item) if item is not None else None
            if item_marker is not None:
                # The common case, a list of ids: one comprehension, no call per item.

                def texts(
                    value: Any, path: Path_, out: list[Found], m: Marker = item_marker
                ) -> None:
                    if isinstance(value, list):
                        out.extend(
                            [((*path, i), v, m) for i, v in enumerate(value) if isinstance(v, str)]
                        )

                return texts
            if item is not None:

                def many(value: Any, path: Path_, out: list[Found], walk: Walker = item) -> None:
                    if isinstance(value, list):
                        for i, v in enumerate(value):
                            walk(v, (*path, i), out)

                return many
    models = [o for o in options if isinstance(o, type) and issubclass(o, BaseModel)]
    if any(_plan(m) for m in models):

        def nested(value: Any, path: Path_, out: list[Found]) -> None:
            if isinstance(value, BaseModel):
                _walk_into(value, path, out)

        return nested
    return None


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, str, Walker], ...]:
    """(attribute, key in the file, walker) for the fields that may hold refs or selectors."""
    out = []
    for name, key in field_keys(cls):
        walker = _compile(field_type(cls, name))
        if walker is not None:
            out.append((name, key, walker))
    return tuple(out)


def _walk_into(model: BaseModel, path: Path_, out: list[Found]) -> None:
    values = model.__dict__
    for name, key, walker in _plan(type(model)):
        value = values.get(name)  # an unvalidated shell may lack required fields
        if value is not None and value != []:
            walker(value, (*path, key), out)


def walk_list(model: BaseModel, path: Path_ = ()) -> list[Found]:
    """Every reference and selector in `model`: (path of the value, the text, its marker), in
    the order of the fields and items."""
    out: list[Found] = []
    _walk_into(model, path, out)
    return out


def walk_model(model: BaseModel, path: Path_ = ()) -> Iterator[Found]:
    """`walk_list`, as an iterator."""
    return iter(walk_list(model, path))


# --- field forms (tables: spreadsheets, CSV, exchange-file properties) --------------------------


@dataclass(frozen=True, slots=True)
class FieldForm:
    """How a field's value is laid out in a table: one cell (`scalar`), one cell of items
    (`scalars`), a nested shape (`model`: its fields as dotted columns, `models`: rows of a
    table of their own, `keyed`: a mapping of keys to shapes, rows of a table of their own with
    the key in a column), free key/values (`mapping`), or anything else (`other`: one cell of
    YAML flow text)."""

    attribute: str
    key: str
    form: str
    required: bool
    shape: type[BaseModel] | None = None
    """The nested shape (`model`, `models`)."""
    scalar: Any = None
    """The value type of a cell (`scalar`, `scalars`): str, int, float, bool, an Enum class, a
    tuple of Literal values, or None for any scalar."""
    token: bool = False
    """Items are ids, slugs or choices: a cell of them may separate them with ',' or ';'."""
    date: bool = False
    """Text written YYYY-MM-DD."""
    ref: RefTo | None = None


def _scalar_of(options: list[Any]) -> tuple[bool, Any]:
    """Whether the alternatives are one scalar type, and which (None: several, any scalar)."""
    kinds: list[Any] = []
    for option in options:
        if option is type(None):
            continue
        if option in (str, int, float, bool) or (
            isinstance(option, type) and issubclass(option, Enum)
        ):
            kinds.append(option)
        elif typing.get_origin(option) is typing.Literal:
            kinds.append(tuple(typing.get_args(option)))
        else:
            return False, None
    if not kinds:
        return False, None
    return True, kinds[0] if len(kinds) == 1 else None


def _meta(tp: Any) -> list[Any]:
    """The Annotated metadata found anywhere in a type (markers, constraints)."""
    out: list[Any] = []
    if typing.get_origin(tp) is typing.Annotated:
        out.extend(tp.__metadata__)
    for arg in typing.get_args(tp):
        if not isinstance(arg, str | int | float | bool):
            out.extend(_meta(arg))
    return out


def _is_token(tp: Any, scalar: Any) -> bool:
    if isinstance(scalar, tuple) or (isinstance(scalar, type) and issubclass(scalar, Enum)):
        return True
    for meta in _meta(tp):
        if isinstance(meta, RefTo) or getattr(meta, "pattern", None) == ID_PATTERN:
            return True
    return False


def _is_date(tp: Any) -> bool:
    for meta in _meta(tp):
        schema = getattr(meta, "json_schema", None)
        if isinstance(schema, dict) and schema.get("format") == "date":
            return True
    return False


def _form(name: str, key: str, tp: Any, required: bool) -> FieldForm:
    options = unwrap(tp)
    is_scalar, scalar = _scalar_of(options)
    if is_scalar:
        return FieldForm(
            name,
            key,
            "scalar",
            required,
            scalar=scalar,
            token=_is_token(tp, scalar),
            date=_is_date(tp),
            ref=_marker_in(tp),
        )
    real = [o for o in options if o is not type(None)]
    if len(real) == 1:
        option = real[0]
        origin = typing.get_origin(option)
        if origin is list:
            item = typing.get_args(option)[0]
            inner = unwrap(item)
            item_scalar, scalar = _scalar_of(inner)
            if item_scalar:
                return FieldForm(
                    name,
                    key,
                    "scalars",
                    required,
                    scalar=scalar,
                    token=_is_token(item, scalar),
                    date=_is_date(item),
                    ref=_marker_in(item),
                )
            shapes = _shapes(item)
            if len(shapes) == 1 and len(inner) == 1:
                return FieldForm(name, key, "models", required, shape=shapes[0])
        elif origin is dict:
            shapes = _shapes(typing.get_args(option)[1])
            if len(shapes) == 1:
                return FieldForm(name, key, "keyed", required, shape=shapes[0])
            return FieldForm(name, key, "mapping", required)
        elif isinstance(option, type) and issubclass(option, BaseModel):
            return FieldForm(name, key, "model", required, shape=option)
    return FieldForm(name, key, "other", required)


def _marker_in(tp: Any) -> RefTo | None:
    return next((m for m in _meta(tp) if isinstance(m, RefTo)), None)


@functools.cache
def field_forms(cls: type[BaseModel]) -> tuple[FieldForm, ...]:
    """Every field of a shape with its form, in declaration order."""
    return tuple(
        _form(name, info.alias or name, field_type(cls, name), info.is_required())
        for name, info in cls.model_fields.items()
    )


def section_shapes(section: str) -> list[type[BaseModel]]:
    """The shapes an item of a section may have (several for a discriminated union)."""
    return _shapes(section_item_type(section))


def union_tags(cls: type[BaseModel]) -> tuple[Any, ...]:
    """The values of a discriminated union member's `type` literal (empty for other shapes)."""
    return _tags(cls)
