"""Coverage per unit: a units × criteria matrix. The criteria are the model's own coverage
KPIs and coverage rules, so the matrix follows the framework's data, not code."""

from __future__ import annotations

from typing import Any

from eaf.analysis.kpis import covered_units
from eaf.analysis.results import Coverage, Criterion, UnitRow
from eaf.analysis.snapshot import Snapshot

LEVEL_ORDER = {"province": 0, "department": 1, "district": 2, "commune": 3}


def coverage_matrix(snap: Snapshot) -> Coverage:
    """The units × criteria matrix on the snapshot's date: the criteria and units in force
    then, each unit under its parent of that day."""
    model = snap.model
    criteria: list[tuple[str, str, frozenset[str], frozenset[str]]] = []
    for element in [*model.of_kind("kpi"), *model.of_kind("rule")]:
        spec: Any = element.spec
        if spec.type != "coverage":
            continue
        units = snap.select(spec.units if element.kind == "kpi" else spec.applies_to)
        by = snap.select(spec.by if element.kind == "kpi" else spec.target)
        criteria.append((element.id, element.spec.name, units, covered_units(snap, units, by)))
    rows = []
    for unit in set().union(*(c[2] for c in criteria)) if criteria else set():
        element = model.elements[unit]
        cells = {
            cid: (unit in covered if unit in units else None) for cid, _, units, covered in criteria
        }
        rows.append(
            UnitRow(
                id=unit,
                name=element.spec.name,
                level=str(element.value("level") or ""),
                parent=str(element.value("parent") or ""),
                cells=cells,
            )
        )
    rows.sort(key=lambda r: (LEVEL_ORDER.get(r.level, 9), r.parent, r.id))
    return Coverage(
        criteria=[
            Criterion(id=cid, name=name, covered=len(covered), total=len(units))
            for cid, name, units, covered in criteria
        ],
        units=rows,
    )
