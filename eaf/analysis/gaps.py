"""Plateau gaps: every element and interconnection classified between two dates as added,
removed, changed (with the fields that changed) or kept, with the work packages that deliver
each gap; gaps no work package covers and work packages that deliver nothing are flagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eaf.analysis.snapshot import HISTORY, exists_at, fields_at
from eaf.model import Model
from eaf.spec import ARCHITECTURE_KINDS
from eaf.views import DEFAULT_LAYER


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class GapItem:
    id: str
    kind: str
    name: str
    layer: str
    status: str
    """added, removed, changed or kept."""
    changes: tuple[FieldChange, ...] = ()
    work_packages: tuple[str, ...] = ()


@dataclass(slots=True)
class GapReport:
    from_date: str
    to_date: str
    items: list[GapItem] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    idle_work_packages: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


def _layer(model: Model, element_id: str) -> str:
    element = model.elements[element_id]
    values = element.spec.__dict__
    layer = values.get("layer") or DEFAULT_LAYER.get(element.kind)
    if layer is None and element.kind == "interconnection":
        return "integration"
    return str(layer or "")


def plateau_gaps(model: Model, from_date: str, to_date: str) -> GapReport:
    report = GapReport(from_date, to_date)
    delivered_by: dict[str, list[str]] = {}
    for wp in model.of_kind("work_package"):
        for target in wp.spec.__dict__.get("delivers") or ():
            delivered_by.setdefault(target, []).append(wp.id)
    for element in model:
        if element.kind not in ARCHITECTURE_KINDS:
            continue
        before, after = exists_at(element, from_date), exists_at(element, to_date)
        if not before and not after:
            continue
        changes: tuple[FieldChange, ...] = ()
        if before and not after:
            status = "removed"
        elif after and not before:
            status = "added"
        else:
            old, new = fields_at(element, from_date), fields_at(element, to_date)
            changes = tuple(
                FieldChange(k, old.get(k), new.get(k))
                for k in sorted(set(old) | set(new))
                if k not in HISTORY and old.get(k) != new.get(k)
            )
            status = "changed" if changes else "kept"
        wps = tuple(sorted(delivered_by.get(element.id, ())))
        report.items.append(
            GapItem(
                element.id,
                element.kind,
                element.spec.name,
                _layer(model, element.id),
                status,
                changes,
                wps,
            )
        )
    report.items.sort(key=lambda i: (i.layer, i.kind, i.id))
    gaps = [i for i in report.items if i.status != "kept"]
    report.uncovered = [i.id for i in gaps if not i.work_packages]
    gap_ids = {i.id for i in gaps}
    report.idle_work_packages = sorted(
        wp.id
        for wp in model.of_kind("work_package")
        if not gap_ids & set(wp.spec.__dict__.get("delivers") or ())
    )
    return report
