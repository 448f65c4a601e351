"""`eaf build`: the main job."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from eaf.cli.options import EXIT_FINDINGS, emit, progress, project_config, report_format_option
from eaf.cli.render import report_render
from eaf.cli.site import build_site

if TYPE_CHECKING:
    from eaf.pipeline import BuildOutcome


@click.command("build")
@report_format_option()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def command(fmt: str, strict: bool) -> None:
    """The main job: run `eaf check`, write build/model.json and the gap reports (build/gaps),
    draw every view and build the site (build/site). A model with errors writes nothing; when
    only the analysis finds errors everything is written and the build still exits 1."""
    from eaf.pipeline import build_project

    config = project_config()

    def publish(built: BuildOutcome) -> int:
        for path in built.written:
            click.echo(f"wrote {path.relative_to(config.root)}", err=True)
        assert built.render is not None
        drawn = report_render(built.render, config.root)
        has_site = (config.root / "mkdocs.yml").is_file()
        return drawn or (build_site() if has_site else 0)

    outcome = build_project(
        config,
        strict=strict,
        checked=lambda report: emit(report, fmt, to_stderr=fmt == "json"),
        publish=publish,
        progress=progress("rendering"),
    )
    if outcome.stopped:
        click.echo("build stopped: fix the errors above; nothing was written", err=True)
    elif not outcome.report.ok:
        click.echo("build finished, but the checks failed: see the findings above", err=True)
    raise click.exceptions.Exit(outcome.site or (0 if outcome.report.ok else EXIT_FINDINGS))
