"""Succession: which elements take over when one ends (merged communes, a split ward, a system
replaced, an agency's duties passed on), checked once the model is resolved: a successor is of
the same kind, exists when its predecessor ends, and no element succeeds itself."""

from __future__ import annotations

from collections.abc import Iterator

from eaf import codes
from eaf.diagnostics import Diagnostic
from eaf.model import Element, Model, exists_at

# An element ends where its lifecycle says `end_of_life`.


def successors_of(element: Element) -> list[tuple[str, str]]:
    """(successor id, share) of an element, as written."""
    return [(s.id, str(s.share)) for s in element.spec.successors]


def end_of(element: Element) -> str | None:
    lifecycle = element.spec.lifecycle
    return lifecycle.end_of_life if lifecycle is not None else None


def check_successors(model: Model) -> list[Diagnostic]:
    """Successors of another kind, successors that do not exist yet when their predecessor
    ends, successors of an element that never ends, and succession cycles."""
    out: list[Diagnostic] = []
    for element in model:
        if not element.spec.successors:
            continue  # most elements name none: nothing to check
        end = end_of(element)
        for index, (successor_id, _) in enumerate(successors_of(element)):
            successor = model.elements.get(successor_id)
            if successor is None:
                continue  # an unknown id is reported with the other references
            # Located only when there is something to say: locating re-reads the file.
            if successor.kind != element.kind:
                where, pointer = model.locate(element.id, "successors", index, "id")
                out.append(
                    codes.SUCCESSOR_KIND(
                        f"'{successor.id}' is {_a(successor.kind)}: it cannot take over from "
                        f"'{element.id}', {_a(element.kind)}",
                        where,
                        pointer=pointer,
                    )
                )
            elif end is None:
                where, pointer = model.locate(element.id, "successors", index, "id")
                out.append(
                    codes.SUCCESSOR_NO_END(
                        f"'{element.id}' names successors but never ends",
                        where,
                        pointer=pointer,
                    )
                )
            elif not exists_at(successor, end):
                where, pointer = model.locate(element.id, "successors", index, "id")
                out.append(
                    codes.SUCCESSION_GAP(
                        f"'{successor.id}' does not exist on {end}, when '{element.id}' ends",
                        where,
                        pointer=pointer,
                        related=tuple(x for x in [model.locate(successor.id)[0]] if x),
                    )
                )
    out.extend(_cycles(model))
    return out


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind.replace('_', ' ')}"


def _cycles(model: Model) -> Iterator[Diagnostic]:
    """Each succession cycle once, from its smallest id."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    reported: set[frozenset[str]] = set()

    for start, element in model.elements.items():
        # An element naming no successor is on no cycle (walks reaching it stop there).
        if start in state or not element.spec.successors:
            continue
        for loop in _visit(model, state, start, []):
            if frozenset(loop) in reported:
                continue
            reported.add(frozenset(loop))
            first = loop.index(min(loop))
            ordered = loop[first:] + loop[:first]
            where, pointer = model.locate(ordered[0], "successors")
            yield codes.CYCLE(
                f"cycle in 'successors': {' → '.join([*ordered, ordered[0]])}",
                where,
                pointer=pointer,
            )


def _visit(model: Model, state: dict[str, int], node: str, path: list[str]) -> Iterator[list[str]]:
    """The succession cycles through `node`, depth first. A module function, not a closure
    calling itself: such a closure is a reference cycle that would keep the whole model alive
    until the cyclic collector runs (and make it scan every object of the model)."""
    state[node] = 1
    path.append(node)
    element = model.elements.get(node)
    for nxt, _ in successors_of(element) if element else []:
        if state.get(nxt) == 1:
            yield path[path.index(nxt) :]
        elif nxt not in state and nxt in model.elements:
            yield from _visit(model, state, nxt, path)
    path.pop()
    state[node] = 2
