"""`eaf export FORMAT`: the architecture in a format another tool reads."""

from __future__ import annotations

from pathlib import Path

import click

from eaf.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    at_option,
    echo_diagnostics,
    lang_option,
    load_or_stop,
    progress,
)

FORMAT_NAMES = ("archimate", "likec4", "mermaid", "structurizr", "drawio", "csv", "xlsx")


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMAT_NAMES))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="The file (archimate, likec4, drawio, xlsx) or folder (mermaid, structurizr, csv) "
    "to write; default build/export/….",
)
@click.option("--view", "views", multiple=True, help="Export only this view (repeatable).")
@at_option
@lang_option
def command(
    *, fmt: str, out: Path | None, views: tuple[str, ...], at: str | None, lang: str
) -> None:
    """Write the architecture as FORMAT: archimate (Open Group exchange file, ArchiMate 3.1),
    likec4 (.c4), mermaid (a flowchart per view, a C4 context per element), structurizr
    (workspace JSON and DSL), drawio (a page per view), csv (a file per table) or xlsx (a
    sheet per table). Without --at, the model as written (every element, with its lifecycle
    and dated changes); with --at, the architecture on that date. Views are drawn as on --at,
    or at the baseline plateau's date."""
    from eaf.pipeline.export import export_project

    project = load_or_stop("export")
    outcome = export_project(
        project, fmt, out=out, at=at, views=views, lang=lang, progress=progress("laying out")
    )
    echo_diagnostics(outcome.diagnostics)
    root = project.config.root.absolute()
    target = outcome.target.absolute()
    where = target.relative_to(root) if target.is_relative_to(root) else target
    if outcome.failed:
        click.echo(
            f"export stopped: fix the errors above; nothing was written to {where}", err=True
        )
        raise click.exceptions.Exit(EXIT_FINDINGS)
    click.echo(
        f"{fmt}: {len(outcome.written)} files written, {outcome.unchanged} unchanged, in {where}",
        err=True,
    )
    raise click.exceptions.Exit(EXIT_OK)
