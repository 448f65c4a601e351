"""Imported elements written as a model file: the schema modeline first, a section per kind,
keys in the order eaf shows fields, lists and objects of plain values in flow style
(`tags: [a, b]`), text that a YAML reader could take for something else quoted, text over
several lines as a literal block. The same elements give the same bytes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import BaseModel

from eaf.export.table import field_order
from eaf.load.scalars import plain_scalar
from eaf.spec import SECTION_OF_KIND
from eaf.spec.introspect import field_forms, section_shapes, union_tags

WIDTH = 100


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        style = "|" if all(line == line.rstrip() for line in value.split("\n")) else '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    typed, problem = plain_scalar(value) if value else (value, None)
    if not isinstance(typed, str) or problem is not None or typed != value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _shape(kind: str, data: Mapping[str, Any]) -> type[BaseModel] | None:
    shapes = section_shapes(SECTION_OF_KIND[kind])
    for shape in shapes:
        tags = union_tags(shape)
        if not tags or data.get("type") in tags:
            return shape
    return None


def _ordered(value: Any, shape: type[BaseModel] | None) -> Any:
    """A value with the keys of each object in the order its shape declares them."""
    if isinstance(value, list):
        return [_ordered(v, shape) for v in value]
    if not isinstance(value, Mapping) or shape is None:
        return value
    forms = {f.key: f for f in field_forms(shape)}
    out = {}
    for key in [*(k for k in forms if k in value), *(k for k in value if k not in forms)]:
        form = forms.get(key)
        out[key] = _ordered(value[key], form.shape if form is not None else None)
    return out


def canonical(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """An element's fields in the order eaf writes them (see eaf.export.table.field_order)."""
    shape = _shape(kind, data)
    order = field_order(kind)
    keys = [*(k for k in order if k in data), *(k for k in data if k not in order)]
    forms = {f.key: f for f in field_forms(shape)} if shape is not None else {}
    out: dict[str, Any] = {}
    for key in keys:
        form = forms.get(key)
        value = data[key]
        if key == "properties" and isinstance(value, Mapping):
            value = dict(sorted(value.items()))
        if form is not None and form.form == "keyed" and isinstance(value, Mapping):
            out[key] = {k: _ordered(v, form.shape) for k, v in value.items()}
            continue
        out[key] = _ordered(value, form.shape if form is not None else None)
    return out


def model_file(
    sections: Sequence[tuple[str, Sequence[Mapping[str, Any]]]], *, modeline: str, note: str
) -> str:
    """The text of a model file holding `sections` ((kind, elements) in order)."""
    body: dict[str, list[dict[str, Any]]] = {}
    for kind, elements in sections:
        body[SECTION_OF_KIND[kind]] = [canonical(kind, e) for e in elements]
    text = yaml.dump(
        body,
        Dumper=_Dumper,
        default_flow_style=None,
        allow_unicode=True,
        sort_keys=False,
        width=WIDTH,
        indent=2,
    )
    head = [f"# yaml-language-server: $schema={modeline}"] if modeline else []
    head += [f"# {line}" if line else "#" for line in note.splitlines()]
    return "\n".join(head) + "\n" + text
