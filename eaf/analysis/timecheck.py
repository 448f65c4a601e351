"""Checks across time, on the architecture of one date: a reference to an element that has
ended (or does not exist yet) on a day it is used, naming the successor (not from a finished
work package: it named what existed while it ran); a procedure no unit offers any more; a
selector of a scope, rule or KPI that selects nothing that day. And, once for the model,
work packages that end after their phase's plateau and decisions issued by an organisation
that did not exist on the day they were issued."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eaf import codes
from eaf.analysis.snapshot import Snapshot
from eaf.diagnostics import Diagnostic
from eaf.model import Element, Model, lifecycle_state
from eaf.spec.introspect import walk_model
from eaf.spec.types import RefTo

#: References that name what is not meant to exist on the day: what a work package delivers,
#: a scope's exceptions, successors, a plateau, the view a view extends, and facts of the past
#: (who issued a decision stays true after the issuer ends).
TIMELESS = frozenset(
    {"delivers", "except", "successors", "phase", "extends", "frameworks", "issued_by"}
)


def time_findings(model: Model, snap: Snapshot) -> list[Diagnostic]:
    """What is wrong with the architecture on the snapshot's date because of time."""
    return [
        *_ended_references(model, snap),
        *_unoffered_procedures(model, snap),
        *_empty_selectors(model, snap),
    ]


def _ended_references(model: Model, snap: Snapshot) -> Iterator[Diagnostic]:
    for element in snap.model:
        for path, target_id, marker in walk_model(element.spec, element.path):
            field = str(path[len(element.path)])
            if (
                not isinstance(marker, RefTo)
                or field in TIMELESS
                or target_id in snap.model.elements
            ):
                continue
            target = model.elements.get(target_id)
            if target is None:
                continue  # an unknown id is reported by validation
            if _finished(element, snap.date) and lifecycle_state(target, snap.date) == "gone":
                continue
            where, pointer = model.locate(element.id, *path[len(element.path) :])
            yield codes.REFERENCE_ENDED(
                f"'{field}' of '{element.id}' names '{target_id}', which "
                f"{_why_absent(model, target, snap.date)}",
                where,
                pointer=pointer,
            )


def _finished(element: Element, date: str) -> bool:
    """A work package that is done or cancelled (its status on the day), or whose period ended
    before the day: what it named was right while it ran, and it is history now."""
    if element.kind != "work_package":
        return False
    if str(element.value("status")) in ("done", "cancelled"):
        return True
    period = element.value("period")
    return period is not None and str(period.end) < date


def _why_absent(model: Model, target: Element, date: str) -> str:
    if lifecycle_state(target, date) in ("future", "planned"):
        return "does not exist yet"
    end = target.spec.lifecycle.end_of_life if target.spec.lifecycle else None
    takers = [s.id for s in target.spec.successors if s.id in model.elements]
    said = f"has ended (on {end})" if end else "no longer exists"
    if takers:
        said += f"; its successor: {', '.join(takers)}"
    return said


def _unoffered_procedures(model: Model, snap: Snapshot) -> Iterator[Diagnostic]:
    """A procedure whose units have all ended: it stands offered by no one."""
    for service in snap.model.of_kind("service"):
        written = model.elements[service.id]
        # Offered by scopes as written: those in force on the day, or, when every one has
        # ended (`until`), none.
        if not written.value("offered_by") or _offered(snap, service.id):
            continue
        units = _units_named(model, service)
        where, pointer = model.locate(service.id, "offered_by")
        gone = f" (the units it names have ended: {', '.join(units)})" if units else ""
        if not service.value("offered_by"):
            gone = " (every scope of its offer has ended)"
        yield codes.PROCEDURE_UNOFFERED(
            f"procedure '{service.id}' is offered by no unit{gone}",
            where,
            pointer=pointer,
        )


def _offered(snap: Snapshot, service: str) -> bool:
    return any(d.get("type") == "offered-by" for _, _, d in snap.graph.in_edges(service, data=True))


def _units_named(model: Model, service: Element) -> list[str]:
    """Ids the procedure's scopes name one by one (`select: xa-a xa-b`) that have ended."""
    named: list[str] = []
    for scope in service.value("offered_by") or ():
        for word in scope.select.split():
            if word in model.elements and word not in named:
                named.append(word)
    return named


_ENDED = (
    "What it selected may have ended by this date: end it (a scope's until, a lifecycle's "
    "end_of_life) or select the successors; otherwise check the spelling of the values."
)


def _empty_selectors(model: Model, snap: Snapshot) -> Iterator[Diagnostic]:
    """The selectors of the rules and KPIs in force, and of the scopes in force, that select
    nothing on the day (a scope is reported by the graph built for that day)."""
    checked: list[tuple[Element, str, Any]] = []
    for rule in snap.model.of_kind("rule"):
        checked.append((rule, "applies_to", rule.value("applies_to")))
    for kpi in snap.model.of_kind("kpi"):
        for field in ("select", "population", "units"):
            checked.append((kpi, field, kpi.value(field)))
    for element, field, text in checked:
        if text and not snap.select(text):
            where, pointer = model.locate(element.id, field)
            yield codes.SELECTOR_EMPTY(
                f"'{field}' of '{element.id}' ('{text}') selects nothing",
                where,
                pointer=pointer,
                hint=_ENDED,
            )
    for d in snap.diagnostics:
        if d.code == codes.SELECTOR_EMPTY.id:
            # Without the date in the message, the gate reports it once for all its plateaus.
            yield codes.SELECTOR_EMPTY(d.message, d.location, pointer=d.pointer, hint=_ENDED)


def late_work_packages(model: Model) -> Iterator[Diagnostic]:
    """Work packages that end after the plateau of their phase: the plateau expects what they
    deliver by its date."""
    for wp in model.of_kind("work_package"):
        phase = model.elements.get(str(wp.value("phase") or ""))
        period = wp.value("period")
        if phase is None or period is None or period.end <= str(phase.value("date")):
            continue
        where, pointer = model.locate(wp.id, "period", "end")
        yield codes.WORK_PACKAGE_LATE(
            f"work package '{wp.id}' ends on {period.end}, after its phase '{phase.id}' "
            f"({phase.value('date')})",
            where,
            pointer=pointer,
        )


def unborn_issuers(model: Model) -> Iterator[Diagnostic]:
    """Decisions whose issuer did not exist on the day they were issued (`issued`): who issued
    a decision is history, so it is checked on that day and never again (TIMELESS)."""
    for decision in model.of_kind("decision"):
        issued, issuer = decision.value("issued"), decision.value("issued_by")
        target = model.elements.get(str(issuer)) if issuer is not None else None
        if issued is None or target is None:
            continue  # no date to check it on, or an unknown id (reported by validation)
        if lifecycle_state(target, str(issued)) in ("active", "retired"):
            continue
        where, pointer = model.locate(decision.id, "issued_by")
        yield codes.REFERENCE_ENDED(
            f"'issued_by' of '{decision.id}' names '{target.id}', which on {issued}, the day "
            f"the decision was issued, {_why_absent(model, target, str(issued))}",
            where,
            pointer=pointer,
            hint="Name the organisation that existed and issued it on that day (a predecessor "
            "or successor of this one), or correct the 'issued' date.",
        )
