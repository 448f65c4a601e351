"""The resolved model: every element by id, with where it was written, and the domain's own
questions about it: an element's lifecycle state and layer at a date, the plateaus and the
baseline, where a finding about an element is located."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from eaf.diagnostics import Location, pointer_from_path
from eaf.load.positions import Path_, PositionMap
from eaf.spec import ElementSpec
from eaf.spec.introspect import typed_values

#: The layer an element is drawn and counted in when it names none.
DEFAULT_LAYER = {
    "actor": "users",
    "channel": "channels",
    "system": "applications",
    "data": "data",
    "platform": "integration",
    "infrastructure": "infrastructure",
    "service": "services",
    "decision": "governance",
}

#: The states an element can be in at a date, in the order of its life. `future`: before its
#: first plan, phase_in or active date it does not exist yet, not even as a plan: it is in no
#: snapshot (`Model.at`), so no view draws it and no gap, KPI or coverage counts it then.
#: `planned`: its plan date has come, it is not in use yet (drawn dashed).
LIFECYCLE_STATES = ("future", "planned", "active", "retired", "gone")

#: Lifecycle phase → the state a reader sees.
_STATE_OF_PHASE = {
    "plan": "planned",
    "phase_in": "active",
    "active": "active",
    "phase_out": "retired",
    "end_of_life": "gone",
}


#: The fields that hold per-unit scopes (selector, exceptions, since, until).
SCOPE_FIELDS = ("deployment", "offered_by")


@dataclass(frozen=True, slots=True)
class Element:
    id: str
    kind: str
    spec: ElementSpec
    file: str
    """Model file it is written in, relative to the project root."""
    path: Path_
    """(section, index) inside the file."""

    def value(self, name: str) -> Any:
        """A field's value as written (None when the element's kind has no such field)."""
        return self.spec.__dict__.get(name)

    def at(self, date: str) -> Element:
        """The element as it is on `date`: every dated change up to that day applied in date
        order (a later change wins; changes of one day in the order written), and its scopes
        narrowed to those in force (since <= date < until). The one place dated changes are
        applied."""
        update: dict[str, Any] = {}
        for change in sorted(self.spec.changes, key=lambda c: c.date):
            if change.date <= date:
                update.update(typed_values(type(self.spec), change.set))
        for name in SCOPE_FIELDS:
            scopes = update.get(name, self.value(name))
            if scopes:
                current = [s for s in scopes if _in_force(s.since, s.until, date)]
                if len(current) != len(scopes):
                    update[name] = current
        if not update:
            return self
        return replace(self, spec=self.spec.model_copy(update=update))


def _in_force(since: str | None, until: str | None, date: str) -> bool:
    return (since is None or since <= date) and (until is None or date < until)


class PlateauAt(NamedTuple):
    """A plateau: its id, the date the architecture is taken at, and its kind."""

    id: str
    date: str
    kind: str


def lifecycle_state(element: Element, as_of: str | None = None) -> str:
    """The element's state at a date (one of LIFECYCLE_STATES): future (its life has not
    started), planned (not yet in use), active, retired (being phased out) or gone (end of
    life). Undated: the latest phase the lifecycle names."""
    lc = element.spec.lifecycle
    if lc is None:
        return "active"
    phases = [(date, phase) for phase, date in lc.phases() if date is not None]
    if as_of is not None:
        started = [phase for date, phase in phases if date <= as_of]
        if not started:
            # Before the first plan, phase_in or active date it does not exist yet; when its
            # first date is already how it ends (phase-out, end of life), it was in use before
            # from a date not recorded.
            return "future" if lc.start() is not None else "active"
        phases = [(as_of, started[-1])]
    if not phases:
        return "active"
    return _STATE_OF_PHASE[phases[-1][1]]


def exists_at(element: Element, date: str) -> bool:
    """Whether the element is part of the architecture on that date (in use or being retired)."""
    return lifecycle_state(element, date) in ("active", "retired")


def layer_of(element: Element) -> str | None:
    """The layer the element names, or its kind's default layer."""
    layer = element.value("layer")
    return str(layer) if layer else DEFAULT_LAYER.get(element.kind)


@dataclass(frozen=True, slots=True)
class Model:
    elements: Mapping[str, Element]
    """All elements by id, in sorted id order."""
    files: tuple[str, ...]
    positions: Mapping[str, PositionMap] = field(default_factory=dict)
    """Per file, for locating findings of later stages."""
    date: str | None = None
    """The date this model is taken at (see `at`); None for the model as written."""
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Values derived from this model, kept while it lives (its snapshots, their graphs)."""

    def at(self, date: str, *, planned: bool = False) -> Model:
        """The architecture on `date`: the elements that exist then (in use or being phased
        out; with `planned`, also those planned but not yet in use), each as it is on that day.
        An element whose life has not started (`future`) is never in it. Framework elements
        (rules, layers, KPIs...) are taken at the date like any other."""
        key = ("at", date, planned)
        cached: Model | None = self.memo.get(key)
        if cached is None:
            wanted = ("active", "retired", "planned") if planned else ("active", "retired")
            elements = {e.id: e.at(date) for e in self if lifecycle_state(e, date) in wanted}
            cached = self.memo[key] = Model(elements, self.files, self.positions, date)
        return cached

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements.values())

    def __len__(self) -> int:
        return len(self.elements)

    def of_kind(self, kind: str) -> list[Element]:
        return [e for e in self.elements.values() if e.kind == kind]

    def locate(self, element_id: str, *field: str | int) -> tuple[Location | None, str]:
        """Where an element (or one of its fields) is written, and its JSON pointer; the
        nearest written ancestor when the field is not in the file."""
        element = self.elements.get(element_id)
        if element is None:
            return None, ""
        positions = self.positions.get(element.file)
        if positions is None:
            return Location(element.file), ""
        location, matched = positions.locate((*element.path, *(field or ("id",))))
        return location, pointer_from_path(matched)

    def plateaus(self) -> list[PlateauAt]:
        """Every plateau, by date."""
        return sorted(
            (
                PlateauAt(e.id, str(e.value("date")), str(e.value("kind")))
                for e in self.of_kind("plateau")
            ),
            key=lambda p: (p.date, p.id),
        )

    def baseline(self) -> PlateauAt | None:
        """The baseline plateau (the earliest, if several say they are)."""
        return next((p for p in self.plateaus() if p.kind == "baseline"), None)

    def date_of(self, text: str) -> PlateauAt | None:
        """What `--at` names: a plateau by id or by its date, or any other real YYYY-MM-DD date
        (as a plateau of kind 'date'); None when it is neither."""
        for plateau in self.plateaus():
            if text in (plateau.id, plateau.date):
                return plateau
        try:
            parsed = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return PlateauAt(text, text, "date") if parsed.isoformat() == text else None

    def default_span(self) -> tuple[PlateauAt, PlateauAt] | None:
        """What a gap analysis compares by default: the baseline (or the earliest plateau) and
        the latest plateau; None without plateaus."""
        known = self.plateaus()
        if not known:
            return None
        return self.baseline() or known[0], known[-1]
