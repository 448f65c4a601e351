"""The findings a CI gate fails on (`eaf check`): the framework's rules and the gate KPIs at
the baseline and at every plateau, and the roadmap's coverage of the gaps.

The baseline is the recorded as-is architecture: a rule it breaks is a gap, not a fault of the
model, so a violation there that the next plateau no longer has (the roadmap closes it) is
reported as a warning. A violation at a transition or target plateau is the plan breaking a
rule, reported with the rule's severity. The same finding at several plateaus is reported once,
naming them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eaf import codes
from eaf.analysis.analyse import analyse, finding
from eaf.analysis.conformance import check_rules
from eaf.analysis.kpis import compute_kpis
from eaf.analysis.snapshot import snapshot
from eaf.analysis.timecheck import late_work_packages, time_findings, unborn_issuers
from eaf.diagnostics import Diagnostic, Severity
from eaf.model import Model, PlateauAt


def gate_findings(model: Model, *, at: PlateauAt | None = None) -> tuple[list[Diagnostic], int]:
    """The gate's findings, and the number of dates looked at."""
    known = model.plateaus()
    points = known if at is None else [at]
    memo: dict[str, list[Diagnostic]] = {}

    def findings_at(point: PlateauAt) -> list[Diagnostic]:
        if point.date not in memo:
            memo[point.date] = _at(model, point)
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
                    message=f"{d.message}; a gap of the baseline, closed by '{following[0].id}'",
                )
            found.setdefault(d, []).append(point.id)
    out = [_naming(d, labels, len(points)) for d, labels in found.items()]
    span = model.default_span()
    if span is not None and at is None:
        out.extend(_roadmap(model, span))
        out.extend(late_work_packages(model))
    if at is None:  # not a finding of one day: checked on the day each decision was issued
        out.extend(unborn_issuers(model))
    return out, len(points)


def min_severity(a: Severity, b: Severity) -> Severity:
    """The milder of two severities."""
    order = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    return max(a, b, key=order.index)


def _at(model: Model, point: PlateauAt) -> list[Diagnostic]:
    snap = snapshot(model, point.date)
    found = [*check_rules(snap), *time_findings(model, snap)]
    gates = {k.id for k in snap.model.of_kind("kpi") if getattr(k.spec, "gate", False)}
    if not gates:
        return found
    for kpi in compute_kpis(model, point.date):
        if kpi.id not in gates:
            continue
        value = kpi.current
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


def _roadmap(model: Model, span: tuple[PlateauAt, PlateauAt]) -> list[Diagnostic]:
    """Gaps no work package delivers and idle work packages, baseline → latest plateau."""
    first, last = span
    if first == last:
        return []
    analysis = analyse(model, from_plateau=first, to_plateau=last, at=last.date)
    wanted = {codes.GAP_UNCOVERED.id, codes.WORK_PACKAGE_IDLE.id}
    return [d for d in analysis.findings if d.code in wanted]
