"""KPIs computed from the model at a date, against their target and deadline.

Status: met (the value reaches the target), missed (the deadline has passed and it does not),
on-track or at-risk before the deadline: on track while the value is at least where a straight
line from the baseline to the target says it should be by now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from eaf.analysis.results import KpiPoint, KpiResult
from eaf.analysis.snapshot import Snapshot, forget, snapshot
from eaf.model import Element, Model
from eaf.spec.framework import KpiStatus

SCOPE_EDGES = ("deployed-to", "offered-by")


def covered_units(snap: Snapshot, units: frozenset[str], by: frozenset[str]) -> frozenset[str]:
    """Units reached by a deployment or offer of an element of ``by``."""
    graph: nx.MultiDiGraph = snap.graph
    out = set()
    for unit in units:
        for source, _, data in graph.in_edges(unit, data=True):
            if data.get("type") == "deployed-to" and source in by:
                out.add(unit)
                break
        else:
            for _, target, data in graph.out_edges(unit, data=True):
                if data.get("type") == "offered-by" and target in by:
                    out.add(unit)
                    break
    return frozenset(out)


def measure(kpi: Element, snap: Snapshot) -> tuple[float | None, int | None, int | None]:
    spec: Any = kpi.spec
    kind = spec.type
    if kind == "count":
        n = len(snap.select(spec.select))
        return float(n), n, None
    if kind == "ratio":
        population = snap.select(spec.population)
        part = population & snap.select(spec.condition)
        return _percent(len(part), len(population)), len(part), len(population)
    if kind == "coverage":
        units = snap.select(spec.units)
        covered = covered_units(snap, units, snap.select(spec.by))
        return _percent(len(covered), len(units)), len(covered), len(units)
    return None, None, None


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _status(
    value: float | None,
    target: float | None,
    deadline: str | None,
    date: str,
    start: tuple[str, float] | None,
) -> KpiStatus | None:
    if target is None or value is None:
        return None
    if value >= target:
        return KpiStatus.MET
    if deadline is not None and date >= deadline:
        return KpiStatus.MISSED
    if start is None or deadline is None or start[0] >= deadline:
        return KpiStatus.AT_RISK
    begin, first = start
    span = (dt.date.fromisoformat(deadline) - dt.date.fromisoformat(begin)).days
    done = (dt.date.fromisoformat(date) - dt.date.fromisoformat(begin)).days
    # On its line is on track, the baseline day itself included (the line starts there).
    expected = first + (target - first) * max(0.0, min(1.0, done / span))
    return KpiStatus.ON_TRACK if value >= expected else KpiStatus.AT_RISK


def compute_kpis(model: Model, date: str) -> list[KpiResult]:
    """Every KPI in force on `date`, measured on the architecture of that day, against its
    target, deadline and the straight line from its baseline value (measured at its own
    `baseline_date`, else at the model's baseline plateau)."""
    snap = snapshot(model, date)
    model_baseline = model.baseline()
    results = []
    for kpi in snap.model.of_kind("kpi"):
        spec: Any = kpi.spec
        value, num, den = measure(kpi, snap)
        start = None
        begin = spec.baseline_date or (model_baseline.date if model_baseline else None)
        if begin is not None and begin <= date:
            first, _, _ = measure(kpi, snapshot(model, begin))
            if first is not None:
                start = (begin, first)
        reported = [r for r in spec.reported if r.date <= date]
        last = max(reported, key=lambda r: r.date) if reported else None
        status = _status(value, spec.target, spec.deadline, date, start)
        if spec.type == "reported":
            status = _status(last.value, spec.target, spec.deadline, date, None) if last else None
        results.append(
            KpiResult(
                id=kpi.id,
                name=kpi.spec.name,
                type=spec.type,
                value=value,
                numerator=num,
                denominator=den,
                target=spec.target,
                deadline=spec.deadline,
                status=status,
                reported=last.value if last else None,
                reported_date=last.date if last else None,
                unit=spec.unit or "",
            )
        )
    return results


def kpi_history(model: Model, *, keep: bool = True) -> dict[str, list[KpiPoint]]:
    """Each KPI's values over time, in date order: at every plateau where it is in force and
    the model gives a value, and every value a source reported. Without ``keep``, each
    plateau's graph is let go once measured (one day's graph in memory at a time; the
    baseline's, which every KPI's trend starts from, is kept)."""
    history: dict[str, list[KpiPoint]] = {}
    baseline = model.baseline()
    kept = frozenset({baseline.date} if baseline else ())
    for plateau in model.plateaus():
        for result in compute_kpis(model, plateau.date):
            if result.type != "reported" and result.value is not None:
                point = KpiPoint(date=plateau.date, value=result.value, plateau=plateau.id)
                history.setdefault(result.id, []).append(point)
        if not keep:
            forget(model, kept)
    for kpi in model.of_kind("kpi"):
        spec: Any = kpi.spec
        points = history.setdefault(kpi.id, [])
        points += [KpiPoint(date=r.date, value=r.value) for r in spec.reported]
        points.sort(key=lambda p: (p.date, p.plateau is None))
    return {kpi: points for kpi, points in sorted(history.items()) if points}
