"""The reviewers' site's generated pages, for the mkdocs plugin."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from eaf.cache import Cache, content_key
from eaf.config import Config
from eaf.pipeline.check import analyse_project
from eaf.pipeline.load import Project, cache_for, date_named, load_project
from eaf.report import Report

if TYPE_CHECKING:
    from eaf.render.graphviz import Runner
    from eaf.render.run import Job, Planned
    from eaf.site.generate import SiteInput


class ModelHasErrors(Exception):
    """The model could not be loaded without errors; `report` holds its diagnostics."""

    def __init__(self, report: Report) -> None:
        from eaf.report.text import format_text

        super().__init__(format_text(report).rstrip())
        self.report = report


def site_input(project: Project, *, lang: str = "vi", at: str | None = None) -> SiteInput:
    """What the site's pages are made from, without diagrams: the model as it is on `at` (a
    date or a plateau; default the baseline's date), and its analysis, from the baseline to
    the target, computed on `at` (default: the target's date: the analysis measures the way
    to the target)."""
    from eaf.analysis.kpis import kpi_history  # networkx: not on eaf validate's path
    from eaf.analysis.snapshot import forget
    from eaf.site.generate import SiteInput

    model = project.model
    if project.diagnostics.has_errors() or model is None:
        raise ModelHasErrors(Report(project.diagnostics.sorted(), project.stats, ok=False))
    moment = date_named(model, at) if at is not None else model.baseline()
    date = moment.date if moment is not None else None
    analysis = analyse_project(project, at=at) if model.plateaus() else None
    # Each day's graph is let go once its results are in: the pages read the results, and a
    # large model's graph of a day is gigabytes (the pages build their own, smaller ones).
    forget(model)
    history = kpi_history(model, keep=False) if model.plateaus() else {}
    forget(model)
    return SiteInput(
        model,
        project.graph,
        analysis,
        lang=lang,
        date=date,
        kpi_history=history,
        all_pages_up_to=project.config.all_pages_up_to,
    )


def site_pages(
    config: Config,
    *,
    lang: str = "vi",
    at: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> dict[str, str]:
    """The site's generated pages (posix path → Markdown, plus the search index): those of
    `site_input`, every diagram laid out (through the layout cache) and each plateau's own
    diagrams, the model schema and the command line's help. `warn` hears about diagrams that
    could not be drawn."""
    from eaf.render.dot import DotOptions
    from eaf.render.graphviz import DotCli
    from eaf.render.run import plan_views
    from eaf.site.generate import generate
    from eaf.site.pages.common import summarised
    from eaf.site.pages.time import PLATEAU_VIEWS, plateau_stem
    from eaf.spec import ModelFile

    # The whole model's graph without its per-unit edges: the pages read its references
    # (succession); the drawings and the analysis build the graph of their own dates, whose
    # per-unit edges are most of a large model's memory.
    project = load_project(config, scope_edges=False)
    if project.model is not None and project.model.baseline() is None and at is None:
        from eaf.graph import build_graph

        project.graph, _ = build_graph(project.model, findings=False)  # no date: the whole
    inp = site_input(project, lang=lang, at=at)
    model, date = inp.model, inp.date
    options = DotOptions(
        lang=lang,
        link_prefix="@@ROOT@@elements/",
        link_suffix=".html",
        link_to=_linked(inp) if summarised(inp) else None,
    )
    planned, _ = plan_views(
        model,
        project.graph,
        lang=lang,
        options=options,
        at=date,
        all_contexts_up_to=config.all_contexts_up_to,
    )
    for plateau in model.plateaus():  # each plateau's diagrams: the architecture "to-be"
        views, _ = plan_views(
            model,
            project.graph,
            lang=lang,
            options=options,
            at=plateau.date,
            contexts=False,
            only=PLATEAU_VIEWS,
        )
        planned += [
            replace(view, stem=plateau_stem(plateau.id, view.stem))
            for view in views
            if view.stem in PLATEAU_VIEWS
        ]
    cache = cache_for(config, True)
    svgs, drawings = drawn(planned, cache, DotCli(), warn)
    # eaf's own: the same for a given eaf (its code is in the key), so eaf.schema and the
    # shapes it imports are loaded only when the cache has not got it.
    schema = cache.get("schema", content_key("schema", "model-file"))
    if not isinstance(schema, dict):
        from eaf.schema import MODEL_FILE_SCHEMA_ID, schema_of

        schema = schema_of(ModelFile, MODEL_FILE_SCHEMA_ID)
        cache.put("schema", content_key("schema", "model-file"), schema)
    helps = cli_help(warn, cache)
    inp = replace(inp, svgs=svgs, drawings=drawings, schema=schema, cli_help=helps)
    return generate(inp, warn)


def _linked(inp: SiteInput) -> Callable[[str], str | None]:
    """Where a diagram's node links in a summarised site: its element's page, else its
    province's, else nowhere."""
    from eaf.site.pages.common import page_of

    def link(element_id: str) -> str | None:
        page = page_of(inp, element_id)
        return page.removeprefix("elements/").removesuffix(".md") if page else None

    return link


#: The cache's bucket of a view's drawing, by the view itself (`drawn`).
VIEW_BUCKET = "view"


def drawn(
    planned: Sequence[Planned],
    cache: Cache,
    runner: Runner,
    warn: Callable[[str], None] | None = None,
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Each view's SVG and its drawing as safe.drawing cleans it (stem → each), in the order
    of `planned`. A view's DOT text is a function of the computed view and its options alone
    (eaf.render.dot is pure), and its drawing of that DOT text and Graphviz's version: so both
    are kept in the cache's `view` bucket, keyed by the view's and its options' text (`repr`
    of frozen dataclasses of text and numbers), Graphviz's version and eaf's code. A one-line
    edit changes a few views; the others are neither written as DOT nor laid out nor cleaned
    again. A view whose options link through a function (a summarised site) is not kept so:
    the function is no text. `warn` hears about views that could not be drawn."""
    from eaf.render.graphviz import GraphvizError
    from eaf.render.run import lay_out

    try:
        version: str | None = runner.version()
    except GraphvizError:
        version = None  # lay_out says why every view is missing
    found: dict[str, tuple[bytes, str]] = {}
    keys: dict[str, str] = {}
    for view in planned:
        key = view_key(view, version)
        if key is None:
            continue
        kept = cache.get(VIEW_BUCKET, key)
        if (
            isinstance(kept, tuple)
            and len(kept) == 2
            and isinstance(kept[0], bytes)
            and isinstance(kept[1], str)
        ):
            found[view.stem] = kept
        else:
            keys[view.stem] = key
    missing = [view.job() for view in planned if view.stem not in found]
    laid: dict[str, bytes] = {}
    cleaned: dict[str, str] = {}
    if version is not None:
        laid, cleaned, missing = _tooltips_only(missing, cache, runner, version)
    for layout in lay_out(missing, "svg", cache, runner):
        if layout.problem is not None and warn is not None:
            warn(f"diagram '{layout.job.stem}' not drawn: {layout.problem.message}")
        if layout.data is not None:
            laid[layout.job.stem] = layout.data
        if layout.problem is not None:  # a placeholder is not the view's drawing: not kept
            keys.pop(layout.job.stem, None)
    cleaned.update(cleaned_drawings({k: v for k, v in laid.items() if k not in cleaned}, cache))
    for stem, key in keys.items():
        if stem in laid:
            cache.put(VIEW_BUCKET, key, (laid[stem], cleaned[stem]))
    svgs: dict[str, bytes] = {}
    drawings: dict[str, str] = {}
    for view in planned:
        if view.stem in found:
            svgs[view.stem], drawings[view.stem] = found[view.stem]
        elif view.stem in laid:
            svgs[view.stem], drawings[view.stem] = laid[view.stem], cleaned[view.stem]
    return svgs, drawings


def _tooltips_only(
    jobs: list[Job],
    cache: Cache,
    runner: Runner,
    version: str,
) -> tuple[dict[str, bytes], dict[str, str], list[Job]]:
    """The jobs whose layout without tooltips (eaf.render.tooltips) is in the cache: each
    one's SVG (its tooltips put back) and its drawing, cleaned from the cache's cleaned
    drawing with tokens, its tooltips put back (`tooltips.unmask_drawing`): what an edit of
    descriptions changes, without parsing the SVG again. And the other jobs."""
    from eaf.render import tooltips
    from eaf.render.run import layout_key

    masks = {job.stem: tooltips.mask(job.dot) if job.dot else None for job in jobs}
    tips = (tip for masked in masks.values() if masked is not None for tip in masked.tips)
    written = tooltips.written_tips(tips, cache, runner, version)
    laid: dict[str, bytes] = {}
    cleaned: dict[str, str] = {}
    rest: list[Job] = []
    for job in jobs:
        masked = masks[job.stem]
        data = None
        if masked is not None:
            data = cache.get_bytes("layout", layout_key(masked.dot, "svg", version))
        svg = tooltips.unmask(data, masked.tips, written) if masked and data else None
        drawing = None
        if masked is not None and data is not None and svg is not None:
            with_marks = cleaned_drawings({job.stem: data}, cache)[job.stem]
            drawing = tooltips.unmask_drawing(with_marks, masked.tips, written)
        if svg is None or drawing is None:
            rest.append(job)
            continue
        laid[job.stem], cleaned[job.stem] = svg, drawing
    return laid, cleaned, rest


def view_key(view: Planned, version: str | None) -> str | None:
    """The key of a view's drawing in the `view` bucket: the computed view and its options as
    text (their `repr`: frozen dataclasses of text, numbers and tuples, in field order),
    Graphviz's version and eaf's code; None when it cannot be kept (`drawn`)."""
    if version is None or view.svg is not None or view.options.link_to is not None:
        return None
    return content_key(VIEW_BUCKET, version, repr(view.view), repr(view.options))


def cleaned_drawings(svgs: dict[str, bytes], cache: Cache) -> dict[str, str]:
    """Each diagram as safe.drawing cleans it, through the cache's `drawing` bucket (keyed by
    the SVG and eaf's own code)."""
    from eaf.site import safe

    out: dict[str, str] = {}
    for stem, data in svgs.items():
        key = content_key("drawing", data)
        cleaned = cache.get("drawing", key)
        if not isinstance(cleaned, str):
            cleaned = safe.drawing(data)
            cache.put("drawing", key, cleaned)
        out[stem] = cleaned
    return out


_HELP = """
import json
import click
from eaf.cli import cli

out = {}


def walk(command, path):
    width = {"terminal_width": 100, "max_content_width": 100}
    ctx = click.Context(command, info_name=" ".join(path), **width)
    out[" ".join(path)] = command.get_help(ctx)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        walk(sub, [*path, name])


walk(cli, ["eaf"])
print(json.dumps(out))
"""


def cli_help(
    warn: Callable[[str], None] | None = None, cache: Cache | None = None
) -> dict[str, str]:
    """Every command's --help, from the installed eaf itself (so the reference page never
    drifts), in one child process: the pipeline does not import the command line. Kept in
    `cache` for this very eaf (its code is part of the key)."""
    import json
    import subprocess
    import sys

    key = content_key("cli-help", sys.executable)
    kept = cache.get("page", key) if cache is not None else None
    if isinstance(kept, dict):
        return kept
    done = subprocess.run(
        [sys.executable, "-c", _HELP], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        if warn is not None:
            warn("command-line reference not generated: " + done.stderr.strip()[-200:])
        return {}
    helps: dict[str, str] = json.loads(done.stdout)
    if cache is not None:
        cache.put("page", key, helps)
    return helps
