"""Statistics codes across time: a code names one unit at a time.

Codes are reused (a ward formed in 2025 keeps the code of one of its parts, which ends the day
the ward starts), so two units with one code are a clash only when both exist on the same day.
The units that exist, and the code each has, change only on lifecycle dates and on dated changes
of `statistics_code`: the check looks at the model on each of those days (and before the
first), and reports each clash once, at the code of the unit that came to hold it second."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.model import Element, Model, exists_at

#: Compared as text with ISO dates: earlier than any of them, i.e. before the first dated event.
_BEFORE_ALL = "0000-00-00"


@dataclass(frozen=True, slots=True)
class _Holder:
    element: Element
    change: int | None
    """The index of the dated change that set the code in force, None for the field itself."""

    def where(self, model: Model) -> tuple[Location | None, str]:
        if self.change is None:
            return model.locate(self.element.id, "statistics_code")
        return model.locate(self.element.id, "changes", self.change, "set", "statistics_code")


def check_statistics_codes(model: Model) -> list[Diagnostic]:
    """Two organisations with the same statistics code that exist on the same day."""
    units = _sharing(model.of_kind("organization"))
    order = {e.id: i for i, e in enumerate(sorted(units, key=lambda e: (e.file, e.path)))}
    out: list[Diagnostic] = []
    reported: set[tuple[str, str]] = set()
    held_before: dict[str, list[str]] = {}
    for day in [_BEFORE_ALL, *sorted({d for e in units for d in _dates(e)})]:
        held: dict[str, list[_Holder]] = {}
        for element in units:
            if exists_at(element, day):
                holder = _code_on(element, day)
                if holder is not None:
                    held.setdefault(holder[0], []).append(holder[1])
        for code, holders in sorted(held.items()):
            if len(holders) < 2:
                continue
            earlier = held_before.get(code, [])
            # The unit that already had the code comes first; then the order they are written in.
            holders.sort(
                key=lambda h: (
                    earlier.index(h.element.id) if h.element.id in earlier else len(earlier),
                    order[h.element.id],
                )
            )
            first = holders[0]
            for second in holders[1:]:
                if (second.element.id, first.element.id) in reported:
                    continue
                reported.add((second.element.id, first.element.id))
                out.append(_clash(model, code, first, second, day))
        held_before = {c: [h.element.id for h in hs] for c, hs in held.items()}
    return out


def _clash(model: Model, code: str, first: _Holder, second: _Holder, day: str) -> Diagnostic:
    where, pointer = second.where(model)
    there, _ = first.where(model)
    when = f"on {day}" if day != _BEFORE_ALL else "from before any of their dates"
    return codes.STATISTICS_CODE_CLASH(
        f"statistics code '{code}' of '{second.element.id}' is also the code of "
        f"'{first.element.id}', and both exist {when}",
        where,
        pointer=pointer,
        related=tuple(x for x in [there] if x is not None),
    )


def _sharing(units: list[Element]) -> list[Element]:
    """The units that hold, at some time, a code another unit holds at some time: only they
    can clash (most codes name one unit ever, and the check then looks at no day at all)."""
    ever = [codes_ever(e.spec) for e in units]
    shared = shared_codes(ever)
    return [e for e, held in zip(units, ever, strict=True) if not shared.isdisjoint(held)]


def shared_codes(held: Iterable[Collection[str]]) -> set[str]:
    """The codes that more than one of these units (the codes each holds at some time) hold."""
    counts = Counter(code for codes_of in held for code in codes_of)
    return {code for code, count in counts.items() if count > 1}


def codes_ever(spec: Any) -> Collection[str]:
    """The statistics codes an element's spec gives it at some time: its own and those its
    dated changes set."""
    # Read from the values (not Element.value): a national model has tens of thousands of units.
    own = spec.__dict__
    code = own.get("statistics_code")
    changes = own.get("changes")
    if not changes:
        return () if code is None else (str(code),)
    values = [code, *(c.set["statistics_code"] for c in changes if "statistics_code" in c.set)]
    return {str(v) for v in values if v is not None}


def _dates(element: Element) -> list[str]:
    """The days on which the element starts or stops existing, or its code may change."""
    lifecycle = element.spec.lifecycle
    dates = [d for _, d in lifecycle.phases() if d is not None] if lifecycle else []
    return dates + [c.date for c in element.spec.changes if "statistics_code" in c.set]


def _code_on(element: Element, day: str) -> tuple[str, _Holder] | None:
    """The code the element has on the day and where it is written (the last dated change of
    it up to that day, changes of one day in the order written; otherwise the field)."""
    value, change = element.value("statistics_code"), None
    ordered = sorted(enumerate(element.spec.changes), key=lambda ic: ic[1].date)
    for index, c in ordered:
        if c.date <= day and "statistics_code" in c.set:
            value, change = c.set["statistics_code"], index
    if value is None:
        return None
    return str(value), _Holder(element, change)
