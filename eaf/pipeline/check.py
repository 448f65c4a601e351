"""The analysis of a loaded project (`eaf gaps`) and the CI gate (`eaf check`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eaf.config import Config
from eaf.diagnostics import Diagnostics
from eaf.pipeline.load import Project, UsageProblem, date_named, load_project
from eaf.report import Report

if TYPE_CHECKING:
    from eaf.analysis.analyse import Analysis
    from eaf.model import Model, PlateauAt


def analyse_project(
    project: Project, *, from_: str | None = None, to: str | None = None, at: str | None = None
) -> Analysis:
    """The gap analysis between two plateaus (default: the baseline and the latest)."""
    from eaf.analysis.analyse import analyse

    assert project.model is not None
    span = project.model.default_span()
    if span is None:
        raise UsageProblem("the model defines no plateaus (section 'plateaus')")
    first = span[0] if from_ is None else plateau_named(project.model, from_)
    last = span[1] if to is None else plateau_named(project.model, to)
    date = date_named(project.model, at).date if at is not None else last.date
    return analyse(project.model, from_plateau=first, to_plateau=last, at=date)


def plateau_named(model: Model, wanted: str) -> PlateauAt:
    """The plateau with that id; a usage problem, with a close match, otherwise."""
    from eaf.suggest import did_you_mean

    known = {p.id: p for p in model.plateaus()}
    if wanted not in known:
        guess = did_you_mean(wanted, known)
        raise UsageProblem(
            f"no plateau '{wanted}'" + (f" (did you mean '{guess}'?)" if guess else "")
        )
    return known[wanted]


def check_project(
    config: Config, *, at: str | None = None, fail_on: str = "error", use_cache: bool = True
) -> tuple[Project, Report]:
    """`eaf check`: validation, then the analysis findings at the baseline and every plateau
    (or only at `at`, a date or a plateau id). The analysis runs only on a model without
    errors: findings on a broken model would mislead."""
    from eaf.analysis.gate import gate_findings
    from eaf.codes import ANALYSIS_CHECKS, VALIDATE_CHECKS

    project = load_project(config, use_cache=use_cache)
    diags = Diagnostics(list(project.diagnostics.items))
    checks: tuple[str, ...] = VALIDATE_CHECKS
    stats = dict(project.stats)
    point = date_named(project.model, at) if at is not None and project.model else None
    if not diags.has_errors() and project.model is not None:
        findings, points = gate_findings(project.model, at=point)
        diags.extend(findings)
        checks += ANALYSIS_CHECKS
        stats["plateaus"] = points
    failed = fail_on != "never" and diags.has_errors(strict=fail_on == "warning")
    report = Report(diags.sorted(), stats, not failed, "check", project.files, checks, fail_on)
    return project, report
