"""Where the references and selectors are in each shape, found once from the type annotations.

Each shape gets a compiled walker, so resolving 100k elements does no typing introspection.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from eaf.spec.types import RefTo, SelectorText

Path_ = tuple[str | int, ...]
Found = tuple[Path_, str, RefTo | SelectorText]
Walker = Callable[[Any, Path_], Iterator[Found]]


def _marker(tp: Any) -> RefTo | SelectorText | None:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in tp.__metadata__:
            if isinstance(meta, RefTo | SelectorText):
                return meta
    return None


def _options(tp: Any) -> list[Any]:
    """The alternatives of a type: Annotated without a marker and unions are looked through."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated and _marker(tp) is None:
        return _options(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_options(arg))
        return out
    return [tp]


def _compile(tp: Any) -> Walker | None:
    """A walker for values of type ``tp``, or None when such values hold no refs or selectors."""
    for option in _options(tp):
        marker = _marker(option)
        if marker is not None:

            def leaf(value: Any, path: Path_, m: RefTo | SelectorText = marker) -> Iterator[Found]:
                if isinstance(value, str):
                    yield path, value, m

            return leaf
        if typing.get_origin(option) is list:
            item = _compile(typing.get_args(option)[0])
            if item is not None:

                def many(value: Any, path: Path_, walk: Walker = item) -> Iterator[Found]:
                    if isinstance(value, list):
                        for i, v in enumerate(value):
                            yield from walk(v, (*path, i))

                return many
    models = [o for o in _options(tp) if isinstance(o, type) and issubclass(o, BaseModel)]
    if any(_plan(m) for m in models):

        def nested(value: Any, path: Path_) -> Iterator[Found]:
            if isinstance(value, BaseModel):
                yield from walk_model(value, path)

        return nested
    return None


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, str, Walker], ...]:
    """(attribute, key in the file, walker) for the fields that may hold refs or selectors."""
    out = []
    for name, info in cls.model_fields.items():
        walker = _compile(info.rebuild_annotation())
        if walker is not None:
            out.append((name, info.alias or name, walker))
    return tuple(out)


def walk_model(model: BaseModel, path: Path_ = ()) -> Iterator[Found]:
    """Every reference and selector in ``model``: (path of the value, the text, its marker)."""
    values = model.__dict__
    for name, key, walker in _plan(type(model)):
        value = values.get(name)  # an unvalidated shell may lack required fields
        if value is not None and value != []:
            yield from walker(value, (*path, key))
