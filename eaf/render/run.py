"""Rendering every view: compute, write DOT, lay out with Graphviz in parallel, cache each
result by the hash of its DOT text so an unchanged view is never laid out twice."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import networkx as nx

from eaf import codes
from eaf.cache import Cache, content_key
from eaf.diagnostics import Diagnostic
from eaf.fsio import write_atomic
from eaf.graph import build_graph
from eaf.model import Model
from eaf.render import tooltips
from eaf.render.dot import DotOptions, to_dot
from eaf.render.graphviz import GraphvizError, Runner
from eaf.render.timeline import roadmap_svg
from eaf.views import ComputedView, ViewComputer, context_def, context_elements, view_defs

FORMATS = ("svg", "png", "dot")


@dataclass(frozen=True, slots=True)
class Job:
    stem: str
    """Output path without extension, relative to the output folder: 'tong-the',
    'context/lgsp-binh-duong'."""
    view: ComputedView
    dot: str
    """The DOT text to lay out; empty for a drawing eaf makes itself (`svg`)."""
    svg: bytes | None = None
    """A drawing made by eaf, not Graphviz (the roadmap's timeline)."""


@dataclass(frozen=True, slots=True)
class Planned:
    """A view computed and ready to be written as DOT (`job`): its DOT text is a function of
    `view` and `options` alone (eaf.render.dot is pure), so a caller may look its drawing up
    by them without writing the DOT at all (eaf.pipeline.site)."""

    stem: str
    view: ComputedView
    options: DotOptions
    svg: bytes | None = None
    """A drawing made by eaf, not Graphviz (the roadmap's timeline)."""

    def job(self) -> Job:
        if self.svg is not None:
            return Job(self.stem, self.view, "", self.svg)
        return Job(self.stem, self.view, to_dot(self.view, self.options))


@dataclass(slots=True)
class RenderResult:
    written: list[str] = field(default_factory=list)
    rendered: int = 0
    cached: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def plan(
    model: Model,
    graph: nx.MultiDiGraph | None,
    *,
    lang: str = "vi",
    only: Sequence[str] = (),
    contexts: bool = True,
    options: DotOptions | None = None,
    at: str | None = None,
    all_contexts_up_to: int | None = None,
) -> tuple[list[Job], list[Diagnostic]]:
    """Every view to draw (`plan_views`), each with its DOT text."""
    planned, diags = plan_views(
        model,
        graph,
        lang=lang,
        only=only,
        contexts=contexts,
        options=options,
        at=at,
        all_contexts_up_to=all_contexts_up_to,
    )
    return [p.job() for p in planned], diags


def plan_views(
    model: Model,
    graph: nx.MultiDiGraph | None,
    *,
    lang: str = "vi",
    only: Sequence[str] = (),
    contexts: bool = True,
    options: DotOptions | None = None,
    at: str | None = None,
    all_contexts_up_to: int | None = None,
) -> tuple[list[Planned], list[Diagnostic]]:
    """Every view to draw: built-in and model views, and a context view per element (in a
    model of more than ``all_contexts_up_to`` elements, per element `context_elements`
    names, and those asked for in ``only``), drawn as the architecture is on `at` (default:
    the baseline plateau's date): what has ended is left out, what is planned but not yet in
    use is drawn dashed. ``graph`` is the whole model's; None builds what is needed."""
    baseline = model.baseline()
    date = at or (baseline.date if baseline else None)
    whole = model  # the roadmap spans every date: its timeline is drawn from the whole model
    if date is not None:
        model = model.at(date, planned=True)
        # Its scopes' findings are validation's business: not located again here (that
        # re-reads every file with one).
        graph, _ = build_graph(model, findings=False)
    elif graph is None:
        graph, _ = build_graph(model, findings=False)
    computer = ViewComputer(model, graph, lang, as_of=date)
    options = options or DotOptions(lang=lang)
    defs = [(d.spec.id, d) for d in view_defs(model)]
    if contexts:
        context_options = (
            replace(options, link_prefix=options.link_prefix.replace("../", "../../", 1))
            if options.link_prefix.startswith("../")
            else options
        )
        asked = {v.removeprefix("context-") for v in only} | {
            v.removeprefix("context/") for v in only
        }
        drawn = {e.id for e in context_elements(model, all_contexts_up_to)}
        defs += [
            (f"context/{e.id}", context_def(e))
            for e in model
            if e.kind not in ("view", "interconnection") and (e.id in drawn or e.id in asked)
        ]
    else:
        context_options = options
    wanted = set(only)
    jobs: list[Planned] = []
    diags: list[Diagnostic] = []
    for stem, definition in defs:
        name = stem.removeprefix("context/")
        if (
            wanted
            and stem not in wanted
            and not (stem.startswith("context/") and f"context-{name}" in wanted)
        ):
            continue
        view, found = computer.compute(definition)
        diags.extend(found)
        if definition.timeline:
            shown = {n.element for n in view.nodes if n.element is not None}
            drawing = roadmap_svg(whole, lang, options.link_prefix, only=shown)
            jobs.append(Planned(stem, view, options, drawing))
            continue
        jobs.append(
            Planned(stem, view, context_options if stem.startswith("context/") else options)
        )
    return jobs, diags


def available(model: Model) -> list[str]:
    """The ids `--view` accepts: every view id, and context-<id> for each element."""
    ids = [d.spec.id for d in view_defs(model)]
    ids += [f"context-{e.id}" for e in model if e.kind not in ("view", "interconnection")]
    return sorted(ids)


def layout_key(dot: str, fmt: str, version: str) -> str:
    """What a layout depends on: the DOT text (for SVG, with its tooltips as tokens:
    eaf.render.tooltips), the format and Graphviz's version."""
    return content_key(version, fmt, dot, versioned=False)


@dataclass(frozen=True, slots=True)
class Layout:
    """One job laid out: its bytes (None when it could not be), whether they came from the
    cache, and what went wrong."""

    job: Job
    data: bytes | None
    cached: bool = False
    problem: Diagnostic | None = None


def lay_out(
    jobs: Sequence[Job],
    fmt: str,
    cache: Cache,
    runner: Runner,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Layout]:
    """Every job laid out with Graphviz in parallel, in order; each result cached by its key.
    A timeout gives a placeholder SVG and a warning; a failure, no drawing and an error."""
    try:
        version = runner.version()
    except GraphvizError as exc:
        problem = codes.GRAPHVIZ_MISSING(str(exc))
        yield from (Layout(job, None, problem=problem) for job in jobs)
        return

    # SVG: laid out without its tooltips (a description edit does not move anything), which
    # are put back as Graphviz writes them.
    masks = {job.dot: tooltips.mask(job.dot) for job in jobs if fmt == "svg" and job.dot}
    tips = (tip for masked in masks.values() if masked is not None for tip in masked.tips)
    written = tooltips.written_tips(tips, cache, runner, version) if masks else {}

    def one(job: Job) -> Layout:
        if job.svg is not None:  # drawn by eaf: nothing to lay out
            return Layout(job, job.svg if fmt == "svg" else None)
        masked = masks.get(job.dot)
        dot = masked.dot if masked is not None else job.dot
        key = layout_key(dot, fmt, version)
        data = cache.get_bytes("layout", key)
        cached = data is not None
        try:
            if data is None:
                data = runner.render(dot, fmt)
                cache.put_bytes("layout", key, data)
            if masked is not None:
                put_back = tooltips.unmask(data, masked.tips, written)
                # A tooltip Graphviz could not be asked about: the view as it is.
                data = put_back if put_back is not None else runner.render(job.dot, fmt)
        except GraphvizError as exc:
            if exc.reason == "timeout":
                warn = codes.GRAPHVIZ_TIMEOUT(f"view '{job.view.id}': {exc}")
                placeholder = placeholder_svg(job.view.title, str(exc)) if fmt == "svg" else None
                return Layout(job, placeholder, problem=warn)
            make = codes.GRAPHVIZ_MISSING if exc.reason == "missing" else codes.GRAPHVIZ_FAILED
            return Layout(job, None, problem=make(f"view '{job.view.id}': {exc}"))
        return Layout(job, data, cached=cached)

    with ThreadPoolExecutor(max_workers=workers or max(1, os.cpu_count() or 1)) as pool:
        for done, result in enumerate(pool.map(one, jobs), 1):
            if progress is not None:
                progress(done)
            yield result


def placeholder_svg(title: str, message: str) -> bytes:
    """Drawn instead of a view Graphviz could not lay out in time."""
    text = xml_escape(f"{title}: {message}")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="80" viewBox="0 0 640 80">\n'
        f'<text x="10" y="40" font-family="Noto Sans" font-size="14">{text}</text>\n</svg>\n'
    ).encode()


def _write(path: Path, data: bytes) -> bool:
    """Write only when the bytes differ: an unchanged file keeps its time."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def render_all(
    jobs: Sequence[Job],
    fmt: str,
    out: Path,
    cache: Cache,
    runner: Runner,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    prune: bool = False,
) -> RenderResult:
    """Write each job's DOT and, unless ``fmt`` is dot, its SVG or PNG. A drawing eaf makes
    itself (the roadmap) has no DOT and no PNG: it is written as SVG whatever the format, and
    a warning says so when another was asked for."""
    result = RenderResult()
    produced: set[Path] = set()
    drawn = [job for job in jobs if job.svg is not None]
    for job in drawn:
        assert job.svg is not None
        target = out / f"{job.stem}.svg"
        produced.add(target)
        if _write(target, job.svg):
            result.written.append(target.relative_to(out).as_posix())
        if fmt != "svg":
            result.diagnostics.append(
                codes.DRAWN_AS_SVG(
                    f"view '{job.view.id}' is drawn by eaf as SVG, not by Graphviz: "
                    f"--format {fmt} does not apply to it; wrote {job.stem}.svg"
                )
            )
    jobs = [job for job in jobs if job.svg is None]
    for job in jobs:
        dot_path = out / f"{job.stem}.dot"
        produced.add(dot_path)
        if _write(dot_path, job.dot.encode("utf-8")):
            result.written.append(dot_path.relative_to(out).as_posix())
    if fmt != "dot" and jobs:
        try:
            runner.version()
        except GraphvizError as exc:
            # Without Graphviz the DOT text is still written: it is the useful part to share.
            result.diagnostics.append(codes.GRAPHVIZ_MISSING(str(exc)))
            fmt = "dot"
    if fmt != "dot":
        # The counter counts the drawings already written too.
        tick = None if progress is None else _after(progress, len(drawn))
        for layout in lay_out(jobs, fmt, cache, runner, workers=workers, progress=tick):
            if layout.problem is not None:
                result.diagnostics.append(layout.problem)
            if layout.data is None:
                continue
            target = out / f"{layout.job.stem}.{fmt}"
            produced.add(target)
            if _write(target, layout.data):
                result.written.append(target.relative_to(out).as_posix())
            if layout.cached:
                result.cached += 1
            elif layout.problem is None:
                result.rendered += 1
    if prune:
        _remove_stale(out, produced, {".dot", f".{fmt}"})
    result.written.sort()
    return result


def _after(progress: Callable[[int], None], done: int) -> Callable[[int], None]:
    return lambda more: progress(done + more)


def _remove_stale(out: Path, produced: set[Path], suffixes: set[str]) -> None:
    """After a full run, drawings of views that no longer exist are removed (only the file
    types this run wrote)."""
    if not out.is_dir():
        return
    for path in sorted(out.rglob("*")):
        if path.suffix in suffixes and path.is_file() and path not in produced:
            path.unlink()
