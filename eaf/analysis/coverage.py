"""Coverage per unit: a units × criteria matrix. The criteria are the model's own coverage
KPIs and coverage rules, so the matrix follows the framework's data, not code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eaf.analysis.kpis import covered_units
from eaf.analysis.snapshot import Snapshot
from eaf.model import Model

LEVEL_ORDER = {"province": 0, "department": 1, "district": 2, "commune": 3}


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name: str
    units: frozenset[str]
    covered: frozenset[str]


@dataclass(slots=True)
class CoverageMatrix:
    date: str
    units: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(id, name, level, parent) of every unit a criterion applies to, sorted by level."""
    criteria: list[Criterion] = field(default_factory=list)

    def cell(self, unit: str, criterion: Criterion) -> bool | None:
        """True covered, False not covered, None when the criterion does not apply."""
        if unit not in criterion.units:
            return None
        return unit in criterion.covered

    def totals(self, criterion: Criterion) -> tuple[int, int]:
        return len(criterion.covered), len(criterion.units)


def coverage_matrix(model: Model, snap: Snapshot) -> CoverageMatrix:
    matrix = CoverageMatrix(snap.date)
    for element in [*model.of_kind("kpi"), *model.of_kind("rule")]:
        spec: Any = element.spec
        if spec.type != "coverage":
            continue
        units = snap.select(spec.units if element.kind == "kpi" else spec.applies_to)
        by = snap.select(spec.by if element.kind == "kpi" else spec.target)
        matrix.criteria.append(
            Criterion(element.id, element.spec.name, units, covered_units(snap, units, by))
        )
    everyone = set().union(*(c.units for c in matrix.criteria)) if matrix.criteria else set()
    rows = []
    for unit in everyone:
        element = model.elements[unit]
        values = element.spec.__dict__
        rows.append(
            (
                unit,
                element.spec.name,
                str(values.get("level") or ""),
                str(values.get("parent") or ""),
            )
        )
    rows.sort(key=lambda r: (LEVEL_ORDER.get(r[2], 9), r[3], r[0]))
    matrix.units = rows
    return matrix
