"""`eaf gaps`: the gap analysis between two plateaus."""

from __future__ import annotations

import click

from eaf.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    fail_on_option,
    lang_option,
    load_or_stop,
)


@click.command("gaps")
@click.option("--from", "from_", metavar="PLATEAU", help="First plateau (default: the baseline).")
@click.option("--to", metavar="PLATEAU", help="Second plateau (default: the latest).")
@click.option(
    "--at",
    metavar="DATE|PLATEAU",
    help="Date (or plateau) for KPIs, coverage and rules (default: the second plateau's).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json", "csv"]),
    default="text",
    show_default=True,
)
@fail_on_option
@lang_option
def command(
    *, from_: str | None, to: str | None, at: str | None, fmt: str, fail_on: str, lang: str
) -> None:
    """Gap analysis: changes between two plateaus with their work packages, KPIs against their
    targets, coverage per unit, conformance to the framework's rules and completeness."""
    from eaf.analysis.formats import GAP_FORMATS
    from eaf.diagnostics import Diagnostics
    from eaf.pipeline import analyse_project

    project = load_or_stop("gap analysis")
    analysis = analyse_project(project, from_=from_, to=to, at=at)
    click.echo(GAP_FORMATS[fmt](analysis, lang), nl=False)
    failed = fail_on != "never" and Diagnostics(analysis.findings).has_errors(
        strict=fail_on == "warning"
    )
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)
