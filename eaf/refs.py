"""Where the references and selectors are in each shape, found once from the type annotations."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from eaf.spec.types import RefTo, SelectorText

Path_ = tuple[str | int, ...]


def _marker(tp: Any) -> RefTo | SelectorText | None:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in tp.__metadata__:
            if isinstance(meta, RefTo | SelectorText):
                return meta
    return None


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(field name, key in the file, annotation) for fields that may hold refs or selectors."""
    out = []
    for name, info in cls.model_fields.items():
        annotation = info.rebuild_annotation()
        if _contains(annotation):
            out.append((name, info.alias or name, annotation))
    return tuple(out)


def _contains(tp: Any) -> bool:
    if _marker(tp) is not None:
        return True
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return bool(_plan(tp))
    return any(_contains(arg) for arg in typing.get_args(tp))


def _walk(value: Any, tp: Any, path: Path_) -> Iterator[tuple[Path_, str, RefTo | SelectorText]]:
    if value is None:
        return
    marker = _marker(tp)
    if marker is not None and isinstance(value, str):
        yield path, value, marker
        return
    if isinstance(value, BaseModel):
        yield from walk_model(value, path)
        return
    if isinstance(value, list):
        args = [a for a in _flatten(tp) if typing.get_origin(a) is list]
        item_tp = typing.get_args(args[0])[0] if args else Any
        for i, item in enumerate(value):
            yield from _walk(item, item_tp, (*path, i))
        return
    for candidate in _flatten(tp):
        if _marker(candidate) is not None and isinstance(value, str):
            yield path, value, _marker(candidate)  # type: ignore[misc]
            return


def _flatten(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated and _marker(tp) is None:
        return _flatten(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_flatten(arg))
        return out
    return [tp]


def walk_model(
    model: BaseModel, path: Path_ = ()
) -> Iterator[tuple[Path_, str, RefTo | SelectorText]]:
    """Every reference and selector in ``model``: (path of the value, the text, its marker)."""
    for name, key, annotation in _plan(type(model)):
        yield from _walk(getattr(model, name), annotation, (*path, key))
