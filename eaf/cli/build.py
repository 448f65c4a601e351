"""`eaf build`: the main job."""

from __future__ import annotations

import click

from eaf.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    emit,
    project_config,
    report_format_option,
)
from eaf.cli.render import draw
from eaf.cli.site import build_site


@click.command("build")
@report_format_option()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def command(fmt: str, strict: bool) -> None:
    """The main job: run `eaf check`, write build/model.json and the gap reports (build/gaps),
    draw every view and build the site (build/site). A model with errors writes nothing; when
    only the analysis finds errors everything is written and the build still exits 1."""
    from eaf.pipeline import check_project, write_outputs

    config = project_config()
    project, report = check_project(config, fail_on="warning" if strict else "error")
    emit(report, fmt, to_stderr=fmt == "json")
    if project.diagnostics.has_errors() or project.model is None:
        click.echo("build stopped: fix the errors above; nothing was written", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    for path in write_outputs(project):
        click.echo(f"wrote {path.relative_to(config.root)}", err=True)
    status = draw(project, views=(), fmt="svg", out=None, lang="vi")
    if status == EXIT_OK and (config.root / "mkdocs.yml").is_file():
        status = build_site()
    if not report.ok:
        click.echo(
            "build finished, but the checks failed: see the findings above (eaf check)", err=True
        )
        status = EXIT_FINDINGS
    raise click.exceptions.Exit(status)
