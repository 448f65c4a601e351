"""Plateau gaps: every element and interconnection classified between two dates as added,
removed, changed (with the fields that changed) or kept, with the work packages that deliver
each gap; gaps no work package covers and work packages that deliver nothing are flagged."""

from __future__ import annotations

from eaf.analysis.results import FieldChange, GapItem, GapStatus, PlateauGaps
from eaf.analysis.snapshot import HISTORY, fields_at
from eaf.model import Element, Model, exists_at, layer_of
from eaf.spec import ARCHITECTURE_KINDS


def _layer(element: Element) -> str:
    # An interconnection belongs where exchanges are drawn: the integration layer.
    if element.kind == "interconnection":
        return layer_of(element) or "integration"
    return layer_of(element) or ""


def plateau_gaps(model: Model, from_date: str, to_date: str) -> PlateauGaps:
    delivered_by: dict[str, list[str]] = {}
    for wp in model.of_kind("work_package"):
        for target in wp.value("delivers") or ():
            delivered_by.setdefault(target, []).append(wp.id)
    items: list[GapItem] = []
    for element in model:
        if element.kind not in ARCHITECTURE_KINDS:
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
                name=element.spec.name,
                layer=_layer(element),
                status=status,
                changes=changes,
                work_packages=sorted(delivered_by.get(element.id, ())),
            )
        )
    items.sort(key=lambda i: (i.layer, i.kind, i.id))
    gaps = [i for i in items if i.status is not GapStatus.KEPT]
    gap_ids = {i.id for i in gaps}
    return PlateauGaps(
        counts={s: sum(1 for i in items if i.status is s) for s in GapStatus},
        items=items,
        uncovered=[i.id for i in gaps if not i.work_packages],
        idle_work_packages=sorted(
            wp.id
            for wp in model.of_kind("work_package")
            if not gap_ids & set(wp.value("delivers") or ())
        ),
    )
