"""`eaf render`: draw the views with Graphviz."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from eaf.pipeline import Project, RenderOutcome


@click.command("render")
@click.option("--view", "views", multiple=True, help="Render only this view (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "dot"]),
    default="svg",
    show_default=True,
    help="Output format; the DOT text is always written beside it.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default build/diagrams).",
)
@lang_option
@at_option
def command(views: tuple[str, ...], fmt: str, out: Path | None, lang: str, at: str | None) -> None:
    """Draw the views with Graphviz: built-in views, the model's views and a context view per
    element, as the architecture is at the baseline plateau's date, or on --at (a to-be
    diagram). Each drawing is cached by its DOT text, so an unchanged view is never redrawn."""
    # No graph: the drawings are of one date, whose graph `plan` builds (the whole model's,
    # with every per-unit edge of every date, is most of a large model's memory).
    project = load_or_stop("render", graph=False)
    raise click.exceptions.Exit(draw(project, views=views, fmt=fmt, out=out, lang=lang, at=at))


def draw(
    project: Project,
    *,
    views: tuple[str, ...],
    fmt: str,
    out: Path | None,
    lang: str,
    at: str | None = None,
) -> int:
    """Render the views of a loaded project; report on stderr and return the exit status."""
    from eaf.pipeline import UnknownView, render_project

    try:
        outcome = render_project(
            project,
            views=views,
            fmt=fmt,
            out=out,
            lang=lang,
            at=at,
            progress=progress("rendering"),
        )
    except UnknownView as exc:
        raise click.BadParameter(str(exc), param_hint="--view") from None
    return report_render(outcome, project.config.root)


def report_render(outcome: RenderOutcome, root: Path) -> int:
    """The diagrams' problems and a one-line summary on stderr; the exit status."""
    echo_diagnostics(outcome.diagnostics)
    where = (
        outcome.target.relative_to(root) if outcome.target.is_relative_to(root) else outcome.target
    )
    click.echo(
        f"{outcome.views} views: {outcome.rendered} laid out, {outcome.cached} from the cache, "
        f"{outcome.written} files written to {where}",
        err=True,
    )
    return EXIT_FINDINGS if outcome.failed else EXIT_OK
