"""`eaf diff`: what a change does to the architecture, for reviewing a pull request."""

from __future__ import annotations

import click

from eaf.cli.options import EXIT_FINDINGS, EXIT_OK, emit, lang_option, project_config


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text, md (a pull-request comment) or json (schemas/eaf-diff.schema.json).",
)
@lang_option
@click.option(
    "--exit-code", is_flag=True, help="Exit 1 when there are differences (like git diff)."
)
def command(base: str, head: str | None, fmt: str, lang: str, exit_code: bool) -> None:
    """The change to the architecture from BASE to HEAD: elements added, removed and changed
    field by field, relations and interconnections added and removed, KPI values and statuses,
    rule violations new and fixed, and coverage cells (at each side's latest plateau).

    BASE and HEAD are git revisions of the project's repository (HEAD, a branch, a tag, a SHA,
    main~1...), read from git without touching the work tree or the index, or folders holding
    a project. Without HEAD, BASE is compared with the project as it is on disk, uncommitted
    changes included. Exit 0 whatever the differences (1 with --exit-code when there are
    some); 1 when a side does not load.
    """
    from eaf.analysis.diff_report import DIFF_FORMATS
    from eaf.pipeline import diff_projects
    from eaf.report import Report

    outcome = diff_projects(project_config(), base, head)
    if outcome.diff is None:
        for side in (s for s in outcome.sides if s.broken):
            click.echo(f"{side.title} does not load:", err=True)
            diags = side.project.diagnostics.sorted()
            emit(Report(diags, side.project.stats, ok=False), "text", to_stderr=True)
        click.echo("diff stopped: fix the errors above", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    click.echo(DIFF_FORMATS[fmt](outcome.diff, lang), nl=False)
    raise click.exceptions.Exit(EXIT_FINDINGS if exit_code and not outcome.diff.empty else EXIT_OK)
