"""Model values as a person writes them in YAML, on one line: `true`, `[a, b]`,
`{select: …, except: […]}` — never a Python repr (`True`, `None`, `['a']`) — for every text
report (the gap analysis, `eaf diff`)."""

from __future__ import annotations

from typing import Any

import yaml

#: Longer values are cut in text and Markdown (the JSON has them whole).
MAX_VALUE = 120


class _FlowDumper(yaml.SafeDumper):
    """Flow-style YAML on one line: text with a line break or a control character is written
    double-quoted, with escapes."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None if value.isprintable() else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FlowDumper.add_representer(str, _str)


def _plain(value: Any) -> Any:
    """The value as a person writes it: whole floats as integers (a target of 100, not 100.0),
    and no empty list or mapping left at its default inside a mapping (no `except: []`)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in ([], {})}
    return value


def yaml_value(value: Any, *, cut: bool = True) -> str:
    """A value as it is written in YAML, on one line (cut when long, unless not `cut`)."""
    text = yaml.dump(
        _plain(value),
        Dumper=_FlowDumper,
        default_flow_style=True,
        allow_unicode=True,
        sort_keys=False,
        width=2**31 - 1,
    )
    text = text.removesuffix("\n").removesuffix("\n...")
    return _cut(text) if cut else text


def _cut(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def changed_values(before: Any, after: Any, *, cut: bool = True) -> tuple[str | None, str | None]:
    """A changed value before and after, as written in YAML (None: not set), cut when long
    unless not `cut`. Two long lists of plain values are shown by the items each side has and
    the other has not: `− [a]`, `+ [b, c]` (`eaf diff` and the gap report alike)."""
    old = None if before is None else yaml_value(before, cut=False)
    new = None if after is None else yaml_value(after, cut=False)
    long = max(len(old or ""), len(new or "")) >= MAX_VALUE
    if (
        long
        and isinstance(before, list)
        and isinstance(after, list)
        and all(isinstance(v, str | int | float | bool) for v in [*before, *after])
    ):
        gone = [v for v in before if v not in after]
        came = [v for v in after if v not in before]
        if gone or came:  # not the same items in another order
            old, new = f"− {yaml_value(gone, cut=False)}", f"+ {yaml_value(came, cut=False)}"
    if not cut:
        return old, new
    return (None if old is None else _cut(old)), (None if new is None else _cut(new))
