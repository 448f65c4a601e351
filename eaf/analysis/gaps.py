"""Plateau gaps: every element and interconnection classified between two dates as added,
removed, changed (with the fields that changed) or kept, with the work packages that deliver
each gap; gaps no work package covers and work packages that deliver nothing are flagged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from eaf.analysis.results import FieldChange, GapItem, GapStatus, PlateauGaps, SuccessorRef
from eaf.analysis.snapshot import HISTORY, fields_at
from eaf.model import SCOPE_FIELDS, Element, Model, exists_at, layer_of
from eaf.spec import ARCHITECTURE_KINDS, FRAMEWORK_KINDS, KIND_OF_SECTION


def _name(element: Element, status: GapStatus, from_date: str, to_date: str) -> str:
    """Its name as it was last: on the day before it ended for what is removed (a thị xã that
    became a thành phố and then merged ends under its last name), else at the second date."""
    if status is GapStatus.REMOVED:
        end = element.spec.lifecycle.end_of_life if element.spec.lifecycle else None
        day = _day_before(end) if end and from_date < end <= to_date else from_date
        return element.at(day).spec.name
    return element.at(to_date).spec.name


def _day_before(date: str) -> str:
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()


def _by_decision(model: Model, item: GapItem) -> bool:
    """Changes no work package of the province delivers: the framework's, the administrative
    units' (the State reorganises them) and the national systems' (external events)."""
    element = model.elements[item.id]
    return (
        item.kind not in ARCHITECTURE_KINDS
        or item.kind == "organization"
        or element.value("level") == "national"
    )


def _layer(element: Element) -> str:
    # An interconnection belongs where exchanges are drawn: the integration layer.
    if element.kind == "interconnection":
        return layer_of(element) or "integration"
    return layer_of(element) or ""


def plateau_gaps(model: Model, from_date: str, to_date: str) -> PlateauGaps:
    """What changes from one date to the other: the architecture's elements and the
    framework's (rules, layers, categories, reference models added or retired), each with
    the work packages that deliver it; the successors of what is removed."""
    delivered_by: dict[str, list[str]] = {}
    for wp in model.of_kind("work_package"):
        for target in wp.value("delivers") or ():
            delivered_by.setdefault(target, []).append(wp.id)
    items: list[GapItem] = []
    for element in model:
        if element.kind not in ARCHITECTURE_KINDS and element.kind not in FRAMEWORK_KINDS:
            continue
        before, after = exists_at(element, from_date), exists_at(element, to_date)
        if not before and not after:
            continue
        changes: list[FieldChange] = []
        if before and not after:
            status = GapStatus.REMOVED
        elif after and not before:
            status = GapStatus.ADDED
        else:
            old, new = fields_at(element, from_date), fields_at(element, to_date)
            changes = [
                FieldChange(field=k, before=old.get(k), after=new.get(k))
                for k in sorted(set(old) | set(new))
                if k not in HISTORY and old.get(k) != new.get(k)
            ]
            status = GapStatus.CHANGED if changes else GapStatus.KEPT
        items.append(
            GapItem(
                id=element.id,
                kind=element.kind,
                name=_name(element, status, from_date, to_date),
                layer=_layer(element),
                status=status,
                changes=changes,
                work_packages=sorted(
                    wp
                    for wp in delivered_by.get(element.id, ())
                    if _made_by(model, model.elements[wp], element, from_date, to_date)
                ),
                successors=_successors(model, element) if status is GapStatus.REMOVED else [],
            )
        )
    items.sort(key=_layer_order(model))
    gaps = [i for i in items if i.status is not GapStatus.KEPT]
    credited = {wp for i in gaps for wp in i.work_packages}
    return PlateauGaps(
        counts={s: sum(1 for i in items if i.status is s) for s in GapStatus},
        items=items,
        uncovered=[i.id for i in gaps if not i.work_packages and not _by_decision(model, i)],
        idle_work_packages=sorted(
            wp.id
            for wp in model.of_kind("work_package")
            if _due(model, wp, from_date, to_date) and wp.id not in credited
        ),
    )


def _layer_order(model: Model) -> Callable[[GapItem], tuple[int, str, int, str]]:
    """Items in the framework's order of layers (their `order`, top of the overall diagram
    first), then by kind and id; items of a layer the model does not define, then of none,
    last."""
    order = {layer.id: int(layer.value("order") or 0) for layer in model.of_kind("layer")}
    last = max(order.values(), default=0) + 1
    # Within a layer (and among items of no layer), kinds in the model file's section order.
    kinds = {kind: n for n, kind in enumerate(KIND_OF_SECTION.values())}
    return lambda i: (
        order.get(i.layer, last + (0 if i.layer else 1)),
        i.layer,
        kinds.get(i.kind, len(kinds)),
        i.id,
    )


def _successors(model: Model, element: Element) -> list[SuccessorRef]:
    out = []
    for successor in element.spec.successors:
        other = model.elements.get(successor.id)
        name = other.spec.name if other is not None else successor.id
        out.append(SuccessorRef(id=successor.id, name=name, share=str(successor.share)))
    return out


def _made_by(model: Model, wp: Element, element: Element, from_date: str, to_date: str) -> bool:
    """Whether the work package can have made the element's changes between the two dates: one
    of them falls between its start and the later of the day after its end (what it builds
    goes live then) and its phase's date. A package without a period is credited with every
    change of what it delivers; a package of 2020–2022 is not credited with a change of 2025."""
    period = wp.value("period")
    if period is None:
        return True
    phase = model.elements.get(str(wp.value("phase") or ""))
    last = max(_day_after(period.end), str(phase.value("date")) if phase is not None else "")
    return any(period.start <= day <= last for day in _change_days(element, from_date, to_date))


def _day_after(date: str) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()


def _change_days(element: Element, from_date: str, to_date: str) -> list[str]:
    """The days in (from, to] on which the element changes: its lifecycle's dates, its dated
    changes and the starts and ends of its scopes."""
    spec = element.spec
    days = [d for _, d in spec.lifecycle.phases() if d] if spec.lifecycle else []
    days += [c.date for c in spec.changes]
    for name in SCOPE_FIELDS:
        for scope in element.value(name) or ():
            days += [d for d in (scope.since, scope.until) if d]
    return [d for d in days if from_date < d <= to_date]


def _due(model: Model, wp: Element, from_date: str, to_date: str) -> bool:
    """Whether a work package is expected to deliver between the two dates: its phase (a
    plateau) falls in (from, to], or, without a phase, its period ends in it. A package of an
    earlier or a later phase is not idle here."""
    phase = model.elements.get(str(wp.value("phase") or ""))
    period = wp.value("period")
    due = str(phase.value("date")) if phase is not None else (period.end if period else None)
    return due is None or from_date < due <= to_date
