"""KPIs computed from the model at a date, against their target and deadline.

Status: met (the value reaches the target), missed (the deadline has passed and it does not),
on-track or at-risk before the deadline: on track while the value is at least where a straight
line from the baseline to the target says it should be by now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx

from eaf.analysis.snapshot import Snapshot, snapshot
from eaf.model import Element, Model

SCOPE_EDGES = ("deployed-to", "offered-by")


@dataclass(frozen=True, slots=True)
class KpiResult:
    id: str
    name: str
    type: str
    value: float | None
    """Computed from the model (None for a reported-only KPI)."""
    numerator: int | None
    denominator: int | None
    target: float | None
    deadline: str | None
    status: str | None
    """met, on-track, at-risk, missed, or None when there is no target."""
    reported: float | None = None
    reported_date: str | None = None
    unit: str = ""


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
) -> str | None:
    if target is None or value is None:
        return None
    if value >= target:
        return "met"
    if deadline is not None and date >= deadline:
        return "missed"
    if start is None or deadline is None or start[0] >= deadline:
        return "at-risk"
    begin, first = start
    span = (dt.date.fromisoformat(deadline) - dt.date.fromisoformat(begin)).days
    done = (dt.date.fromisoformat(date) - dt.date.fromisoformat(begin)).days
    expected = first + (target - first) * max(0.0, min(1.0, done / span))
    return "on-track" if value >= expected else "at-risk"


def compute_kpis(
    model: Model, graph: nx.MultiDiGraph, date: str, baseline: str | None
) -> list[KpiResult]:
    snap = snapshot(model, graph, date)
    base = snapshot(model, graph, baseline) if baseline and baseline < date else None
    results = []
    for kpi in model.of_kind("kpi"):
        spec: Any = kpi.spec
        value, num, den = measure(kpi, snap)
        start = None
        if base is not None:
            first, _, _ = measure(kpi, base)
            if first is not None:
                start = (base.date, first)
        reported = [r for r in spec.reported if r.date <= date]
        last = max(reported, key=lambda r: r.date) if reported else None
        status = _status(value, spec.target, spec.deadline, date, start)
        if spec.type == "reported" and last is not None:
            status = _status(last.value, spec.target, spec.deadline, date, None)
        results.append(
            KpiResult(
                kpi.id,
                kpi.spec.name,
                spec.type,
                value,
                num,
                den,
                spec.target,
                spec.deadline,
                status,
                last.value if last else None,
                last.date if last else None,
                spec.unit or "",
            )
        )
    return results
