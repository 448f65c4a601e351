"""The gap analysis between two plateaus: plateau gaps, KPIs, coverage, conformance and
completeness at a date, and the findings `--fail-on` looks at."""

from __future__ import annotations

from dataclasses import dataclass, field

from eaf import codes
from eaf.analysis.completeness import completeness
from eaf.analysis.conformance import Violation, diagnostic, violations
from eaf.analysis.coverage import coverage_matrix
from eaf.analysis.gaps import plateau_gaps
from eaf.analysis.kpis import compute_kpis
from eaf.analysis.results import (
    Completeness,
    Coverage,
    GapsDocument,
    KpiResult,
    PlateauGaps,
    PlateauRef,
)
from eaf.analysis.snapshot import snapshot
from eaf.diagnostics import Diagnostic, Severity
from eaf.model import Model, PlateauAt
from eaf.report.json_ import diagnostic_json


@dataclass(slots=True)
class Analysis:
    from_plateau: PlateauAt
    to_plateau: PlateauAt
    at: str
    gaps: PlateauGaps
    kpis: list[KpiResult]
    coverage: Coverage
    conformance: list[Diagnostic]
    completeness: Completeness
    findings: list[Diagnostic]
    """Everything --fail-on looks at: rule violations, missed KPIs, uncovered gaps."""
    violations: list[Violation] = field(default_factory=list)
    """The rule violations behind `conformance`, by rule and element."""
    frameworks: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    """(id, name) of the framework versions in force at each plateau."""

    def span(self) -> dict[str, str]:
        """The plateaus compared and the date of the analysis, as the reports' sentences name
        them: from {f} ({fd}) to {to} ({td}), at {at}."""
        first, last = self.from_plateau, self.to_plateau
        return {"f": first.id, "fd": first.date, "to": last.id, "td": last.date, "at": self.at}

    def document(self) -> GapsDocument:
        """The analysis as the JSON document of `eaf gaps --format json`."""
        return GapsDocument(
            from_=PlateauRef(
                plateau=self.from_plateau.id,
                date=self.from_plateau.date,
                frameworks=[i for i, _ in self.frameworks[0]],
            ),
            to=PlateauRef(
                plateau=self.to_plateau.id,
                date=self.to_plateau.date,
                frameworks=[i for i, _ in self.frameworks[1]],
            ),
            at=self.at,
            plateau_gaps=self.gaps,
            kpis=self.kpis,
            coverage=self.coverage,
            findings=[diagnostic_json(d) for d in sorted(self.findings, key=Diagnostic.sort_key)],
            completeness=self.completeness,
        )


def analyse(model: Model, *, from_plateau: PlateauAt, to_plateau: PlateauAt, at: str) -> Analysis:
    """The analysis from one plateau to another; KPIs, coverage, conformance and completeness
    on the architecture as it is on `at`."""
    gaps = plateau_gaps(model, from_plateau[1], to_plateau[1])
    kpis = compute_kpis(model, at)
    snap = snapshot(model, at)
    broken = violations(snap)
    conformance = [diagnostic(snap.model, v) for v in broken]
    findings = list(conformance)
    for kpi in kpis:
        if kpi.status == "missed":
            findings.append(
                finding(
                    codes.KPI_MISSED,
                    f"KPI '{kpi.id}' is {kpi.value} against a target of {kpi.target} "
                    f"due {kpi.deadline}",
                    model,
                    kpi.id,
                )
            )
    for item in gaps.items:
        if item.id in gaps.uncovered:
            findings.append(
                finding(
                    codes.GAP_UNCOVERED,
                    f"'{item.id}' is {item.status} between {from_plateau[0]} and "
                    f"{to_plateau[0]}, but no work package delivers it",
                    model,
                    item.id,
                )
            )
    for wp in gaps.idle_work_packages:
        findings.append(
            finding(
                codes.WORK_PACKAGE_IDLE,
                f"work package '{wp}' delivers nothing that changes between "
                f"{from_plateau[0]} and {to_plateau[0]}",
                model,
                wp,
            )
        )
    frameworks = (
        frameworks_in_force(model, from_plateau.date),
        frameworks_in_force(model, to_plateau.date),
    )
    return Analysis(
        from_plateau,
        to_plateau,
        at,
        gaps,
        kpis,
        coverage_matrix(snap),
        conformance,
        completeness(snap.model),
        findings,
        broken,
        frameworks,
    )


def frameworks_in_force(model: Model, date: str) -> list[tuple[str, str]]:
    """(id, name) of the framework versions in force on `date`."""
    return [(e.id, e.spec.name) for e in model.at(date).of_kind("framework")]


def finding(
    code: codes.Code,
    message: str,
    model: Model,
    element_id: str,
    *,
    severity: Severity | None = None,
) -> Diagnostic:
    """A finding located at the element's id in the YAML."""
    location, pointer = model.locate(element_id)
    return code(message, location, pointer=pointer, severity=severity)
