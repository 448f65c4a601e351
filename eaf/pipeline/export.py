"""`eaf export`: the model (as written, or on a date) with its views, laid out by Graphviz
where the format places shapes, handed to one exporter and written where `--out` says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eaf import codes
from eaf.diagnostics import Diagnostic, Diagnostics
from eaf.pipeline.load import Project, UsageProblem, cache_for, date_named


@dataclass(slots=True)
class ExportOutcome:
    target: Path
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return Diagnostics(self.diagnostics).has_errors()


def _inside(path: Path, folder: Path) -> bool:
    return path.absolute().resolve().is_relative_to(folder.absolute().resolve())


def export_project(
    project: Project,
    fmt: str,
    *,
    out: Path | None = None,
    at: str | None = None,
    views: tuple[str, ...] = (),
    lang: str = "vi",
    progress: Callable[[int, int], None] | None = None,
) -> ExportOutcome:
    """Export a loaded project; nothing is written when the views cannot be laid out."""
    from eaf.export import FORMATS, DrawnView, ExportSource, element_data
    from eaf.export.layout import LayoutError, parse_layout
    from eaf.fsio import write_atomic
    from eaf.graph import build_graph
    from eaf.i18n import tr
    from eaf.render.dot import DotOptions, to_dot
    from eaf.render.graphviz import DotCli
    from eaf.render.run import Job, lay_out
    from eaf.suggest import did_you_mean
    from eaf.views import ViewComputer, context_def, view_defs

    assert project.model is not None and project.graph is not None
    form = FORMATS[fmt]
    config = project.config
    default = config.build / "export" / form.default
    target = out if out is not None else default
    if not form.folder and target.is_dir():
        target = target / Path(form.default).name
    if _inside(target, config.models):
        raise UsageProblem(f"--out '{out}' is inside the model folder: exports go elsewhere")
    model, graph = project.model, project.graph
    date = date_named(model, at).date if at is not None else None
    if date is not None:
        model = model.at(date)
        graph, _ = build_graph(model)
    baseline = project.model.baseline()
    drawn_at = date or (baseline.date if baseline else None)
    vmodel, vgraph = project.model, project.graph
    if drawn_at is not None:
        vmodel = project.model.at(drawn_at, planned=True)
        vgraph, _ = build_graph(vmodel)
    computer = ViewComputer(vmodel, vgraph, lang, as_of=drawn_at)
    defs = [(d.spec.id, d, False) for d in view_defs(vmodel)]
    if form.contexts:
        defs += [
            (f"context-{e.id}", context_def(e), True)
            for e in vmodel
            if e.kind not in ("view", "interconnection")
        ]
    known = sorted(name for name, _, _ in defs)
    for wanted in views:
        if wanted not in known:
            guess = did_you_mean(wanted, known)
            raise UsageProblem(
                f"--view: no view '{wanted}'" + (f" (did you mean '{guess}'?)" if guess else "")
            )
    if views:
        defs = [d for d in defs if d[0] in views]
    outcome = ExportOutcome(target)
    computed = []
    for name, definition, context in defs:
        view, found = computer.compute(definition)
        outcome.diagnostics.extend(found)
        element = model.elements.get(definition.spec.id) if not definition.builtin else None
        spec = element_data(element) if element is not None and element.kind == "view" else None
        computed.append((name, view, context, spec))
    layouts: dict[str, str] = {}
    if form.layout:
        options = DotOptions(lang=lang, legend=False, link_prefix="", link_suffix="")
        jobs = [Job(name, view, to_dot(view, options)) for name, view, _, _ in computed]
        tick = (lambda done: progress(done, len(jobs))) if progress else None
        for result in lay_out(jobs, "json0", cache_for(config, True), DotCli(), progress=tick):
            if result.problem is not None:
                outcome.diagnostics.append(result.problem)
            if result.data is not None:
                layouts[result.job.stem] = result.data.decode("utf-8")
        if outcome.failed:
            return outcome
    drawn: list[DrawnView] = []
    contexts: list[DrawnView] = []
    for name, view, context, spec in computed:
        layout = None
        if name in layouts:
            try:
                layout = parse_layout(view, layouts[name])
            except (LayoutError, ValueError, KeyError) as exc:
                outcome.diagnostics.append(codes.GRAPHVIZ_FAILED(f"view '{view.id}': {exc}"))
                continue
        (contexts if context else drawn).append(DrawnView(view, layout, spec))
    if outcome.failed:
        return outcome
    source = ExportSource(
        model, graph, tuple(drawn), tuple(contexts), lang, tr(lang, "export.title")
    )
    files = form.write(source)
    if form.folder:
        paths = {target / name: data for name, data in files.items()}
    else:
        (data,) = files.values()
        paths = {target: data}
    for path, data in sorted(paths.items()):
        try:
            if path.read_bytes() == data:
                outcome.unchanged += 1
                continue
        except OSError:
            pass
        write_atomic(path, data)
        outcome.written.append(path)
    if form.folder and out is None and target.is_dir():
        suffixes = {p.suffix for p in paths}
        for stale in sorted(target.rglob("*")):
            if stale.is_file() and stale.suffix in suffixes and stale not in paths:
                stale.unlink()
    return outcome
