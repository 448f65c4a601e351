"""One model file's summary as plain data (marshal-able): the ids and kinds it defines, the
references and scopes it uses, and a digest of the facts the whole-model checks of lifecycles,
successors, frameworks and statistics codes read. `eaf.pipeline.incremental` re-checks a
one-file edit from the summaries of the other files instead of re-reading them.

Each walk below follows `eaf.resolve.Resolver.references` exactly (same order, same paths):
the incremental run replays these lists through the resolver's own checks."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from pydantic import BaseModel

from eaf.load.positions import Path_
from eaf.model import SCOPE_FIELDS, Element
from eaf.resolve import ACYCLIC_FIELDS, Resolver, TypedFile, identity
from eaf.select import parse_selector
from eaf.spec import KIND_OF_SECTION
from eaf.spec.introspect import has_field, known_fields, typed_values, walk_list, walk_model
from eaf.spec.types import RefTo

#: (id, identity, kind, path) of a valid element, in the order the resolver collects them.
Def = tuple[str, str, str, Path_]
#: (owner element's id, path, text, kinds, acyclic): one reference as written.
Ref = tuple[str, Path_, str, tuple[str, ...], bool]
#: (relation, date or None, element id, target text or None (a change unsetting it), kinds,
#: path): what an acyclic relation says, in the order the resolver records it.
Link = tuple[str, str | None, str, str | None, tuple[str, ...], Path_]
#: (element id, path of the scope, selector text, exceptions), valid selectors only.
ScopeRow = tuple[str, Path_, str, tuple[str, ...]]

#: The fields the lifecycle, succession, framework and statistics-code checks read.
_FACT_FIELDS = frozenset({"lifecycle", "successors", "frameworks", "statistics_code", "changes"})
_FACT_ORDER = sorted(_FACT_FIELDS)


def digest_text(value: Any) -> str:
    """Values as text to digest, not a dump: a digest only has to change when they do. JSON,
    written in C, with a shape as its values by field name (pydantic's own repr of a lifecycle
    costs ten times; an enumeration's repr is Python code); repr where JSON cannot hold a value
    (a mapping with keys that are not text)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain)
    except (TypeError, ValueError):
        return repr(value)


def _plain(value: Any) -> Any:
    return value.__dict__ if isinstance(value, BaseModel) else repr(value)


def in_order(typed: TypedFile) -> Iterator[Any]:
    """The file's valid elements' specs, in the order of its `definitions`."""
    for section in KIND_OF_SECTION:
        yield from getattr(typed.spec, section)


def definitions(typed: TypedFile) -> list[Def]:
    """Every valid element, as `Resolver.collect` adds them."""
    out: list[Def] = []
    for section, kind in KIND_OF_SECTION.items():
        for position, spec in enumerate(getattr(typed.spec, section)):
            kept = typed.kept
            index = kept[section][position] if kept and section in kept else position
            out.append((spec.id, identity(spec.id), kind, (section, index)))
    return out


def summarise(
    typed: TypedFile,
    winner: Callable[[str, Path_], bool] | None,
    *,
    defs: list[Def] | None = None,
    local: Resolver | None = None,
) -> dict[str, Any]:
    """The file's summary; `winner(id, path)` tells whether that element is the one the model
    keeps (the first of a duplicated id is; the others are neither walked nor scoped; None:
    every element is). `defs`:
    the file's `definitions`, when already made. With `local` (a resolver of this file alone),
    the same walk leaves in it the findings the file alone decides, as its `references` and
    `invalid_references` would: selectors' problems, ids listed twice, self-links."""
    fields = known_fields() if local is not None else frozenset()
    refs: list[Ref] = []
    links: list[Link] = []
    scopes: list[ScopeRow] = []
    facts: list[Any] = []
    successors: set[str] = set()
    sections: dict[str, Any] = {}
    rel = typed.rel
    for element_id, _, kind, path in definitions(typed) if defs is None else defs:
        if winner is not None and not winner(element_id, path):
            continue
        section = str(path[0])
        items = sections.get(section)
        if items is None:
            items = sections[section] = getattr(typed.spec, section)
        spec = items[_position(typed, path) if typed.kept else path[1]]
        cls: type[BaseModel] = type(spec)
        for c, change in enumerate(spec.changes):
            values = typed_values(cls, change.set)
            if not values:
                continue
            prefix: Path_ = (*path, "changes", c, "set")
            for name in sorted(ACYCLIC_FIELDS & values.keys()):
                if values[name] is None:
                    links.append((name, change.date, element_id, None, (), (*prefix, name)))
            shell = cls.model_construct(None, **values)
            for at, text, marker in walk_model(shell, prefix):
                if isinstance(marker, RefTo):
                    refs.append((element_id, at, text, marker.kinds, marker.acyclic))
                    if marker.acyclic:
                        relation = str(at[len(prefix)])
                        links.append((relation, change.date, element_id, text, marker.kinds, at))
                elif local is not None:
                    local.check_selector(rel, at, text, fields)
        seen_lists: dict[Path_, set[str]] = {}
        for at, text, marker in walk_list(spec, path):
            if isinstance(marker, RefTo):
                refs.append((element_id, at, text, marker.kinds, marker.acyclic))
                if marker.acyclic:
                    links.append((str(at[2]), None, element_id, text, marker.kinds, at))
                if local is not None and type(at[-1]) is int:  # an item of a list
                    local.listed_twice(rel, at, text, seen_lists)
            elif local is not None:
                local.check_selector(rel, at, text, fields)
        if local is not None and kind == "interconnection":
            local.self_link(Element(element_id, kind, cast(Any, spec), rel, path))
        own = spec.__dict__
        scope_fields, fact_fields = _fields_of(cls)
        for field in scope_fields:
            for i, scope in enumerate(own.get(field) or ()):
                selector, problems = parse_selector(scope.select)
                if selector is not None and not problems:
                    scopes.append(
                        (element_id, (*path, field, i), scope.select, tuple(scope.except_))
                    )
        if kind == "framework" or any_set(own, fact_fields):
            facts.append((element_id, kind, path, digest_text([own.get(f) for f in _FACT_ORDER])))
            successors.update(s.id for s in spec.successors)
    # References of elements that failed validation are checked too (`invalid_references`).
    for path, shell in typed.shells:
        owner = str(shell.__dict__.get("id") or "")
        for at, text, marker in walk_model(shell, path):
            if isinstance(marker, RefTo):
                refs.append((owner, at, text, marker.kinds, marker.acyclic))
            elif local is not None:
                local.check_selector(typed.rel, at, text, fields)
    return {
        "refs": refs,
        "links": links,
        "scopes": scopes,
        "facts": hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest(),
        "successors": sorted(successors),
    }


def selector_texts(files: Iterable[TypedFile]) -> set[str]:
    """Every scope's selector text in these files: of every element, valid or not."""
    texts: set[str] = set()
    for typed in files:
        for spec in in_order(typed):
            texts.update(selects_of(spec))
    return texts


def selects_of(spec: BaseModel) -> Iterator[str]:
    """The selector text of each of the element's scopes."""
    own = spec.__dict__
    for field in _fields_of(type(spec))[0]:
        for scope in own.get(field) or ():
            yield scope.select


@functools.cache
def _fields_of(cls: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The scope fields and the fact fields a shape has (most kinds have few of either)."""
    return (
        tuple(f for f in SCOPE_FIELDS if has_field(cls, f)),
        tuple(f for f in _FACT_ORDER if has_field(cls, f)),
    )


def _position(typed: TypedFile, path: Path_) -> int:
    """The element's position in the typed section (the file's index, minus failed ones)."""
    section, index = str(path[0]), int(path[1])
    kept = typed.kept
    return kept[section].index(index) if kept and section in kept else index


def spec_at(typed: TypedFile, path: Path_) -> Any:
    """The spec of the valid element at this (section, index) of the file."""
    return getattr(typed.spec, str(path[0]))[_position(typed, path)]


def any_set(values: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Whether any of these fields has a value (a loop: `any` over a generator costs more, and
    it runs for every element of the model)."""
    for field in fields:  # noqa: SIM110
        if values.get(field):
            return True
    return False
