"""The reviewers' site's generated pages, for the mkdocs plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from eaf.config import Config
from eaf.pipeline.check import analyse_project
from eaf.pipeline.load import cache_for, load_project
from eaf.report import Report

if TYPE_CHECKING:
    pass


class ModelHasErrors(Exception):
    """The model could not be loaded without errors; `report` holds its diagnostics."""

    def __init__(self, report: Report) -> None:
        from eaf.report.text import format_text

        super().__init__(format_text(report).rstrip())
        self.report = report


def site_pages(
    config: Config, *, lang: str = "vi", warn: Callable[[str], None] | None = None
) -> dict[str, str]:
    """The site's generated pages (posix path → Markdown, plus the search index): the model,
    its analysis, every diagram laid out (through the layout cache), the model schema and the
    command line's help. `warn` hears about diagrams that could not be drawn."""
    from eaf.render.dot import DotOptions
    from eaf.render.graphviz import DotCli
    from eaf.render.run import lay_out, plan
    from eaf.schema import MODEL_FILE_SCHEMA_ID, schema_of
    from eaf.site.generate import SiteInput, generate
    from eaf.spec import ModelFile

    project = load_project(config)
    if project.diagnostics.has_errors() or project.model is None:
        raise ModelHasErrors(Report(project.diagnostics.sorted(), project.stats, ok=False))
    analysis = analyse_project(project) if project.model.plateaus() else None
    options = DotOptions(lang=lang, link_prefix="@@ROOT@@elements/", link_suffix=".html")
    jobs, _ = plan(project.model, project.graph, lang=lang, options=options)
    svgs: dict[str, bytes] = {}
    for layout in lay_out(jobs, "svg", cache_for(config, True), DotCli()):
        if layout.problem is not None and warn is not None:
            warn(f"diagram '{layout.job.stem}' not drawn: {layout.problem.message}")
        if layout.data is not None:
            svgs[layout.job.stem] = layout.data
    schema = schema_of(ModelFile, MODEL_FILE_SCHEMA_ID)
    helps = cli_help(warn)
    return generate(
        SiteInput(project.model, project.graph, analysis, svgs, schema, helps, lang=lang), warn
    )


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


def cli_help(warn: Callable[[str], None] | None = None) -> dict[str, str]:
    """Every command's --help, from the installed eaf itself (so the reference page never
    drifts), in one child process: the pipeline does not import the command line."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _HELP], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        if warn is not None:
            warn("command-line reference not generated: " + done.stderr.strip()[-200:])
        return {}
    helps: dict[str, str] = json.loads(done.stdout)
    return helps
