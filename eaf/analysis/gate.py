"""The findings a CI gate fails on (`eaf check`): the framework's rules and the gate KPIs at
the baseline and at every plateau, and the roadmap's coverage of the gaps.

The baseline is the recorded as-is architecture: a rule it breaks is a gap, not a fault of the
model, so a violation there that the next plateau no longer has (the roadmap closes it) is
reported as a warning. A violation at a transition or target plateau is the plan breaking a
rule, reported with the rule's severity. The same finding at several plateaus is reported once,
naming them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import networkx as nx

from eaf import codes
from eaf.analysis.analyse import analyse, default_plateaus, finding, plateaus
from eaf.analysis.conformance import check_rules
from eaf.analysis.kpis import compute_kpis
from eaf.analysis.snapshot import snapshot
from eaf.diagnostics import Diagnostic, Severity
from eaf.model import Model

ANALYSIS_CHECKS: tuple[str, ...] = codes.ANALYSIS_CHECKS


@dataclass(frozen=True, slots=True)
class Point:
    """A date the gate looks at: a plateau (id, date, kind) or a date given with --at."""

    label: str
    date: str
    kind: str


def point_at(model: Model, text: str) -> Point | None:
    """The plateau `text` names or whose date it is; any other YYYY-MM-DD date; else None."""
    known = [Point(*p) for p in plateaus(model)]
    for p in known:
        if text in (p.label, p.date):
            return p
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return None
    return Point(text, text, "date") if len(text) == 10 else None


def gate_findings(
    model: Model, graph: nx.MultiDiGraph, *, at: Point | None = None
) -> tuple[list[Diagnostic], int]:
    """The gate's findings, and the number of dates looked at."""
    known = [Point(*p) for p in plateaus(model)]
    points = known if at is None else [at]
    defaults = default_plateaus(model)
    baseline = defaults[2] if defaults else None
    memo: dict[str, list[Diagnostic]] = {}

    def findings_at(point: Point) -> list[Diagnostic]:
        if point.date not in memo:
            memo[point.date] = _at(model, graph, point, baseline)
        return memo[point.date]

    found: dict[Diagnostic, list[str]] = {}
    for point in points:
        following = [p for p in known if p.date > point.date][:1]
        later = set(findings_at(following[0])) if following else None
        for d in findings_at(point):
            if point.kind == "baseline" and later is not None and d not in later:
                d = replace(  # noqa: PLW2901 - the finding as the gate reports it
                    d,
                    severity=min_severity(d.severity, Severity.WARNING),
                    message=f"{d.message}; a gap of the baseline, closed by '{following[0].label}'",
                )
            found.setdefault(d, []).append(point.label)
    out = [_naming(d, labels, len(points)) for d, labels in found.items()]
    if defaults is not None and at is None:
        out.extend(_roadmap(model, graph, defaults))
    return out, len(points)


def min_severity(a: Severity, b: Severity) -> Severity:
    """The milder of two severities."""
    order = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    return max(a, b, key=order.index)


def _at(
    model: Model, graph: nx.MultiDiGraph, point: Point, baseline: str | None
) -> list[Diagnostic]:
    found = check_rules(model, snapshot(model, graph, point.date))
    gates = {k.id for k in model.of_kind("kpi") if getattr(k.spec, "gate", False)}
    if not gates:
        return found
    for kpi in compute_kpis(model, graph, point.date, baseline):
        if kpi.id not in gates:
            continue
        value = kpi.reported if kpi.type == "reported" else kpi.value
        if kpi.status == "missed":
            found.append(
                finding(
                    codes.KPI_MISSED,
                    f"gate KPI '{kpi.id}' is {_number(value)} at {point.date}, against a target "
                    f"of {_number(kpi.target)} due {kpi.deadline}",
                    model,
                    kpi.id,
                    severity=Severity.ERROR,
                )
            )
        elif value is None and kpi.deadline is not None and point.date >= kpi.deadline:
            found.append(
                finding(
                    codes.KPI_NO_VALUE,
                    f"gate KPI '{kpi.id}' has no value at {point.date}",
                    model,
                    kpi.id,
                )
            )
    return found


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else str(value)


def _naming(d: Diagnostic, labels: Sequence[str], total: int) -> Diagnostic:
    if total <= 1:
        return d
    where = "plateau" if len(labels) == 1 else "plateaus"
    return replace(d, message=f"{d.message} [{where}: {', '.join(labels)}]")


def _roadmap(
    model: Model,
    graph: nx.MultiDiGraph,
    defaults: tuple[tuple[str, str], tuple[str, str], str | None],
) -> list[Diagnostic]:
    """Gaps no work package delivers and idle work packages, baseline → latest plateau."""
    first, last, baseline = defaults
    if first == last:
        return []
    analysis = analyse(
        model, graph, from_plateau=first, to_plateau=last, at=last[1], baseline=baseline
    )
    wanted = {codes.GAP_UNCOVERED.id, codes.WORK_PACKAGE_IDLE.id}
    return [d for d in analysis.findings if d.code in wanted]
