"""What `eaf render` and `eaf build` write: the diagrams, build/model.json and the gap
reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from eaf.config import Config
from eaf.diagnostics import Diagnostic, Diagnostics
from eaf.pipeline.check import analyse_project, check_project
from eaf.pipeline.load import Project, UsageProblem, cache_for, date_named
from eaf.report import Report


@dataclass(frozen=True, slots=True)
class RenderOutcome:
    target: Path
    views: int
    rendered: int
    cached: int
    written: int
    diagnostics: list[Diagnostic]

    @property
    def failed(self) -> bool:
        return Diagnostics(self.diagnostics).has_errors()


class UnknownView(UsageProblem):
    """`--view` names no view."""


def render_project(
    project: Project,
    *,
    views: tuple[str, ...] = (),
    fmt: str = "svg",
    out: Path | None = None,
    lang: str = "vi",
    at: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RenderOutcome:
    """Draw the views of a loaded project into `out` (default build/diagrams), as the
    architecture is on `at` (a date or a plateau; default the baseline's date)."""
    from eaf.render.graphviz import DotCli
    from eaf.render.run import available, plan, render_all
    from eaf.suggest import did_you_mean

    assert project.model is not None
    known = available(project.model)
    for view in views:
        if view not in known:
            guess = did_you_mean(view, known)
            raise UnknownView(
                f"no view '{view}'" + (f" (did you mean '{guess}'?)" if guess else "")
            )
    date = date_named(project.model, at).date if at is not None else None
    jobs, diags = plan(
        project.model,
        project.graph,
        lang=lang,
        only=views,
        at=date,
        all_contexts_up_to=project.config.all_contexts_up_to,
    )
    target = out or project.config.build / "diagrams"
    result = render_all(
        jobs,
        fmt,
        target,
        cache_for(project.config, True),
        DotCli(),
        prune=not views,
        progress=(lambda done: progress(done, len(jobs))) if progress else None,
    )
    return RenderOutcome(
        target,
        len(jobs),
        result.rendered,
        result.cached,
        len(result.written),
        Diagnostics([*diags, *result.diagnostics]).sorted(),
    )


def write_outputs(project: Project) -> list[Path]:
    """`eaf build`'s files: build/model.json (the model as written), build/model/<plateau>.json
    (the model on each plateau's date) and, when the model has plateaus, the gap reports
    (build/gaps/gaps.{md,json,csv}). Returns what was written."""
    from eaf.analysis.formats import to_csv, to_json, to_markdown
    from eaf.analysis.snapshot import snapshot
    from eaf.artifacts import artifact
    from eaf.artifacts import to_json as artifact_json
    from eaf.fsio import write_atomic

    assert project.model is not None and project.graph is not None
    build = project.config.build
    written = [build / "model.json"]
    write_atomic(written[0], artifact_json(artifact(project.model, project.graph)))
    for plateau in project.model.plateaus():
        snap = snapshot(project.model, plateau.date)
        written.append(build / "model" / f"{plateau.id}.json")
        write_atomic(written[-1], artifact_json(artifact(snap.model, snap.graph)))
    if project.model.of_kind("plateau"):
        analysis = analyse_project(project)
        reports: dict[str, str | bytes] = {
            "gaps.md": to_markdown(analysis),
            "gaps.json": to_json(analysis),
            "gaps.csv": to_csv(analysis).encode("utf-8"),
        }
        for name, data in reports.items():
            write_atomic(build / "gaps" / name, data)
            written.append(build / "gaps" / name)
    return written


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """What `eaf build` did: the checks' report, then (unless the model has errors) the files
    written, the diagrams and the site's exit status."""

    report: Report
    project: Project
    written: list[Path]
    render: RenderOutcome | None = None
    site: int | None = None

    @property
    def stopped(self) -> bool:
        """The model has errors: nothing was written."""
        return self.render is None


def build_project(
    config: Config,
    *,
    strict: bool = False,
    checked: Callable[[Report], None] | None = None,
    publish: Callable[[BuildOutcome], int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildOutcome:
    """The main job: the checks of `eaf check` (handed to `checked` at once); on a model
    without errors, build/model.json, the gap reports and every diagram, then `publish` with
    what was built (the site is built by the adapter that owns mkdocs; it returns its exit
    status). The checks' findings do not stop the build."""
    project, report = check_project(config, fail_on="warning" if strict else "error")
    if checked is not None:
        checked(report)
    if project.diagnostics.has_errors() or project.model is None:
        return BuildOutcome(report, project, [])
    written = write_outputs(project)
    built = BuildOutcome(report, project, written, render_project(project, progress=progress))
    if publish is None:
        return built
    return replace(built, site=publish(built))
